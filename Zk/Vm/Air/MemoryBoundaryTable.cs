using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// A segment's memory boundary (docs/zkvm.md, "Memory between segments"): for the 32 registers and every RAM word it
/// touches, the value before the first access and after the last. Each real row produces the initial record (timestamp
/// 0) and consumes the final one on the memory bus. The rows are statement columns, committed before any challenge:
/// register rows take their (index, in, out) from the statement's public bus terms (so the registers chain publicly),
/// RAM rows go on the memory bus across the run's proofs: each receives (address, in, prev), the value the last earlier
/// segment that touched the word (prev; 0 for the initial memory) left, and sends (address, out, index). The run's
/// sums cancel only when every word's first read in a segment is the latest earlier write or its initial value.
/// </summary>
public sealed class MemoryBoundaryTable : TableAir
{
    /// <summary>Statement columns (committed before any challenge; the memory challenges depend on them).</summary>
    public const int Space = 0, Address = 1, ValueIn = 2, ValueOut = 3, Real = 4, Prev = 5, StatementColumns = 6;

    /// <summary>Main columns after them: the final access timestamp, the RAM gate (Real·Space), the segment's index and SegIndex − Prev − 1 in two 16-bit limbs.</summary>
    public const int FinalTs = 6, RamReal = 7, SegIndex = 8, DiffLo = 9, DiffHi = 10, SumStart = 11;

    /// <summary>Index of the segment's index among the public inputs (after α, β and S).</summary>
    public static int IndexAt => SegmentBoundary.MemoryAt + 9;

    /// <summary>The table's side of the memory bus across proofs (α, β, S at <see cref="SegmentBoundary.MemoryAt"/>).</summary>
    public static CrossProofSum Sum { get; } = new(
    [
        new CrossProofSum.Term(false, RamReal, Address, ValueIn, Prev),
        new CrossProofSum.Term(true, RamReal, Address, ValueOut, SegIndex),
    ], SumStart, 0, SegmentBoundary.MemoryAt);

    /// <summary>All main columns.</summary>
    public static int Width => SumStart + Sum.Width;

    public override string Name => "memory-boundary";
    public override int MainWidth => Width;
    public override int StatementWidth => StatementColumns;

    // The index is constant down the table.
    public override IReadOnlyList<int> TransitionDegrees { get; } = [1, .. Sum.TransitionDegrees];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        result[0] = next[SegIndex] - current[SegIndex];
        Sum.EvaluateTransition(current, next, result[1..]);
    }

    // Real and Space boolean (so each public register tuple is taken by exactly one row); RamReal = Real·Space; a RAM
    // row's word comes from a strictly earlier segment: SegIndex − Prev − 1 = DiffLo + 2^16·DiffHi, both limbs U16.
    public override IReadOnlyList<int> RowDegrees { get; } = [2, 2, 2, 2, .. Sum.RowDegrees];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        r[0] = c[Real] * (c[Real] - T.One);
        r[1] = c[Space] * (c[Space] - T.One);
        r[2] = c[RamReal] - c[Real] * c[Space];
        r[3] = c[RamReal] * (c[SegIndex] - c[Prev] - T.One - c[DiffLo] - T.FromBase(65536) * c[DiffHi]);
        Sum.EvaluateRow(c, r[4..]);
    }

    // Real − RamReal: the register rows.
    private static readonly LinearExpression RegisterRow = LinearExpression.Combination(0, (Real, 1), (RamReal, Goldilocks.P - 1));

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        Interaction.Send(VmBus.Memory, Real, Space, Address, ValueIn, LinearExpression.Const(0)),
        Interaction.Receive(VmBus.Memory, Real, Space, Address, ValueOut, FinalTs),
        Interaction.Receive(VmBus.MemoryBoundary, RegisterRow, Space, Address, ValueIn, ValueOut),
        ChipInteractions.U16(DiffLo),
        ChipInteractions.U16(DiffHi),
    ];

    /// <summary>The segment's index on the first row, and the sum's α, β, S and last-row gate.</summary>
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
            cols[Space][r] = VmBus.RegisterSpace;
            cols[Address][r] = (ulong)r;
            cols[ValueIn][r] = startRegisters[r];
            cols[ValueOut][r] = endRegisters[r];
            cols[Real][r] = 1;
        }
        for (int i = 0; i < rows.Count; i++)
        {
            int r = 32 + i;
            cols[Space][r] = VmBus.RamSpace;
            cols[Address][r] = rows[i].Address;
            cols[ValueIn][r] = rows[i].In;
            cols[ValueOut][r] = rows[i].Out;
            cols[Real][r] = 1;
            cols[Prev][r] = rows[i].Prev;
        }
        return cols;
    }

    /// <summary>
    /// The whole trace: the statement columns, the final timestamps (registers, then RAM rows), the gate, the index and
    /// its difference limbs, and the sum filled for (α, β); returns the columns and S.
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
            if (statement[Real][r] == 1 && statement[Space][r] == VmBus.RamSpace)
            {
                cols[RamReal][r] = 1;
                ulong prev = statement[Prev][r];
                if (prev >= index) throw new InvalidOperationException($"memory-boundary row {r}: previous segment {prev} is not before segment {index}");
                ulong d = index - prev - 1;
                cols[DiffLo][r] = d & 0xffff;
                cols[DiffHi][r] = d >> 16;
            }
        }
        var sum = Sum.Fill(cols, alpha, beta);
        return (cols, sum);
    }
}
