using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// A segment's memory boundary (docs/zkvm.md, "Memory between segments"): for the 32 registers and every RAM word it
/// touches, the value before the first access and after the last. Each real row produces the initial record (timestamp
/// 0) and consumes the final one on the memory bus. The rows are statement columns, committed before any challenge:
/// register rows (flag Reg) take their (index, in, out) from the statement's public bus terms (so the registers chain
/// publicly), RAM rows (flag Ram; space 1 on the memory bus, where registers are space 0)
/// go on the memory bus across the run's proofs: each receives (address, in, prev), the value the last earlier
/// segment that touched the word (prev; 0 for the initial memory) left, and sends (address, out, index). The run's
/// sums cancel only when every word's first read in a segment is the latest earlier write or its initial value.
/// </summary>
public sealed class MemoryBoundaryTable : TableAir
{
    /// <summary>Statement columns (committed before any challenge; the memory challenges depend on them).</summary>
    public const int Reg = 0, Ram = 1, Address = 2, ValueIn = 3, ValueOut = 4, Prev = 5, StatementColumns = 6;

    /// <summary>Main columns after them: the final access timestamp, the segment's index and SegIndex − Prev − 1 (a 16-bit limb).</summary>
    public const int FinalTs = 6, SegIndex = 7, Diff = 8, SumStart = 9;

    /// <summary>Segments a run may have: a word's previous segment is at most 2^16 − 1 back, one 16-bit range check.</summary>
    public const int MaxSegments = 1 << 16;

    /// <summary>Index of the segment's index among the public inputs (after α, β and S).</summary>
    public static int IndexAt => SegmentBoundary.MemoryAt + 9;

    /// <summary>The table's side of the memory bus across proofs (α, β, S at <see cref="SegmentBoundary.MemoryAt"/>).</summary>
    public static CrossProofSum Sum { get; } = new(
    [
        new CrossProofSum.Term(false, Ram, Address, ValueIn, Prev),
        new CrossProofSum.Term(true, Ram, Address, ValueOut, SegIndex),
    ], SumStart, 0, SegmentBoundary.MemoryAt);

    /// <summary>All main columns.</summary>
    public static int Width => SumStart + Sum.Width;

    public override string Name => "memory-boundary";
    public override int MainWidth => Width;
    public override int StatementWidth => StatementColumns;
    public override IReadOnlyList<int> PublicConstants => Sum.PublicConstants;

    // Two interactions a helper column (degree 3: the multiplicities are linear): fewer opened columns in every proof.
    public override int InteractionsPerAuxColumn => 2;

    // The index is constant down the table.
    public override IReadOnlyList<int> TransitionDegrees { get; } = [1, .. Sum.TransitionDegrees];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        result[0] = next[SegIndex] - current[SegIndex];
        Sum.EvaluateTransition(current, next, result[1..]);
    }

    // Reg and Ram boolean and exclusive (so each public register tuple is taken by exactly one row, and a row is one
    // record or none); a RAM row's word comes from a strictly earlier segment: SegIndex − Prev − 1 = Diff, a U16.
    // Padding rows hold zeros, so a run has one statement and one root (no free cells to re-draw the challenges with).
    public override IReadOnlyList<int> RowDegrees { get; } = [2, 2, 2, 2, 2, 2, 2, 2, .. Sum.RowDegrees];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        r[0] = c[Reg] * (c[Reg] - T.One);
        r[1] = c[Ram] * (c[Ram] - T.One);
        r[2] = c[Reg] * c[Ram];
        r[3] = c[Ram] * (c[SegIndex] - c[Prev] - T.One - c[Diff]);
        var padding = T.One - c[Reg] - c[Ram];
        r[4] = padding * c[Address];
        r[5] = padding * c[ValueIn];
        r[6] = padding * c[ValueOut];
        r[7] = padding * c[Prev];
        Sum.EvaluateRow(c, periodic, r[8..]);
    }

    // Reg + Ram: a real row. The space is the Ram flag (registers are space 0, RAM space 1).
    private static readonly LinearExpression RealRow = LinearExpression.Combination(0, (Reg, 1), (Ram, 1));

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        Interaction.Send(VmBus.Memory, RealRow, Ram, Address, ValueIn, LinearExpression.Const(0)),
        Interaction.Receive(VmBus.Memory, RealRow, Ram, Address, ValueOut, FinalTs),
        Interaction.Receive(VmBus.MemoryBoundary, Reg, Ram, Address, ValueIn, ValueOut),
        ChipInteractions.U16(Diff),
    ];

    /// <summary>The segment's index on the first row, and the sum's S and last-row gate.</summary>
    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height)
    {
        SegmentBoundary.PublicLayout(publicInputs);
        return [new(SegIndex, BoundaryRow.First, publicInputs[IndexAt]), .. Sum.BoundaryConstraints(publicInputs)];
    }

    /// <summary>One (space 0, index, value in, value out) per register of the public inputs.</summary>
    public override IReadOnlyList<PublicInteraction> PublicInteractions(ReadOnlySpan<ulong> publicInputs)
    {
        var layout = SegmentBoundary.PublicLayout(publicInputs);
        int regs = layout.Registers;
        if (publicInputs[regs] != 0 || publicInputs[regs + 32] != 0) throw new ArgumentException("segment public inputs: x0 must start and end at 0");
        var terms = new PublicInteraction[32];
        for (int r = 0; r < 32; r++)
            terms[r] = PublicInteraction.Send(VmBus.MemoryBoundary, 1, VmBus.RegisterSpace, (ulong)r, publicInputs[regs + r], publicInputs[regs + 32 + r]);
        return terms;
    }

    /// <summary>Rows: the 32 registers, the RAM rows, then at least one zero padding row (the sum ends on a row without a term).</summary>
    public static int Height(int ramRows)
    {
        int h = 2;
        while (h < 33 + ramRows) h <<= 1;
        return h;
    }

    /// <summary>
    /// The statement columns: registers (start and end values), then the segment's RAM rows in order, zero padding.
    /// What the segment's statement root commits, so the plan and the proof build it here alone.
    /// </summary>
    public static ulong[][] Statement(uint[] startRegisters, uint[] endRegisters, IReadOnlyList<MemoryPlan.Row> rows)
    {
        int height = Height(rows.Count);
        var cols = new ulong[StatementColumns][];
        for (int c = 0; c < StatementColumns; c++) cols[c] = new ulong[height];
        for (int r = 0; r < 32; r++)
        {
            cols[Reg][r] = 1;
            cols[Address][r] = (ulong)r;
            cols[ValueIn][r] = startRegisters[r];
            cols[ValueOut][r] = endRegisters[r];
        }
        for (int i = 0; i < rows.Count; i++)
        {
            int r = 32 + i;
            cols[Ram][r] = 1;
            cols[Address][r] = rows[i].Address;
            cols[ValueIn][r] = rows[i].In;
            cols[ValueOut][r] = rows[i].Out;
            cols[Prev][r] = rows[i].Prev;
        }
        return cols;
    }

    /// <summary>
    /// The whole trace: the statement columns, the final timestamps (registers, then RAM rows), the index and its
    /// difference, and the sum filled for (α, β); returns the columns and S.
    /// </summary>
    public static (ulong[][] Main, Ext3 Sum) Trace(ulong[][] statement, IReadOnlyList<ulong> finalTs, uint index, Ext3 alpha, Ext3 beta)
    {
        int height = statement[0].Length;
        var cols = new ulong[Width][];
        for (int c = 0; c < StatementColumns; c++) cols[c] = statement[c];
        for (int c = StatementColumns; c < Width; c++) cols[c] = new ulong[height];
        for (int r = 0; r < height; r++)
        {
            cols[SegIndex][r] = index;
            if (r < finalTs.Count) cols[FinalTs][r] = finalTs[r];
            if (statement[Ram][r] == 1)
            {
                ulong prev = statement[Prev][r];
                if (prev >= index || index - prev - 1 >= MaxSegments) throw new InvalidOperationException($"memory-boundary row {r}: previous segment {prev} is not among the {MaxSegments} before segment {index}");
                cols[Diff][r] = index - prev - 1;
            }
        }
        var sum = Sum.Fill(cols, alpha, beta);
        return (cols, sum);
    }
}
