using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// One row per ECALL, in cycle order, then padding: the syscall half of the CPU, moved out of the one-row-per-cycle
/// table because it is used on few rows (about 30 columns that every cycle would otherwise pay for). A row receives the
/// CPU's (clk, a7, a0, value written to a0, is-exit), decodes a7 into one kind flag, reads a1, checks the result and the
/// buffer bounds, carries the input and output stream positions from ECALL to ECALL, and hands transfers to the io
/// table and hash calls to the keccak sponge. Real rows come first with strictly increasing clk, so the stream
/// positions advance in execution order.
/// </summary>
public sealed class EcallTable(MemoryRegions regions) : TableAir
{
    public const int IsReal = 0, Clk = 1, A7 = 2, A0 = 3, Result = 4;
    public const int KExit = 5, KExit94 = 6, KLen = 7, KDbg = 8, KRead = 9, KWrite = 10, KKeccak = 11, NZ = 12;
    public const int A1Val = 13, A1Ts = 14, A1Lo = 15, A1Hi = 16;
    // read_input / write_output: count, its inverse, stream base, min(a1, input left) gaps, stream positions.
    public const int Count = 17, CountInv = 18, Base = 19, G1Lo = 20, G1Hi = 21, G2Lo = 22, G2Hi = 23;
    public const int InPos = 24, InPosNext = 25, OutPos = 26, OutPosNext = 27;
    // Transfer buffers must lie in memory the executor allows: stack or [low, HeapEnd) (low: WritableStart for reads).
    public const int IoStack = 28, E1Lo = 29, E1Hi = 30, E2Lo = 31, E2Hi = 32;
    // Constant columns pinned to the public inputs; clk − previous clk − 1 as two 16-bit limbs.
    public const int ExitCode = 33, InputLen = 34, GapLo = 35, GapHi = 36;
    // Exits so far, before and after the row (the segment halts iff the count ends at 1).
    public const int Halted = 37, HaltedNext = 38;
    public const int Width = 39;

    private static readonly int[] Bools = [IsReal, KExit, KExit94, KLen, KDbg, KRead, KWrite, KKeccak, NZ, IoStack];

    public override string Name => "ecall";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;

    // Transitions: real rows first, clk increasing, stream positions chained, constants constant.
    public override IReadOnlyList<int> TransitionDegrees { get; } = [2, 2, 1, 1, 1, 1, 1];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> n, ReadOnlySpan<T> periodic, Span<T> r)
    {
        r[0] = n[IsReal] * (T.One - c[IsReal]);
        r[1] = n[IsReal] * (n[Clk] - c[Clk] - T.One - n[GapLo] - T.FromBase(1 << 16) * n[GapHi]);
        r[2] = n[InPos] - c[InPosNext];
        r[3] = n[OutPos] - c[OutPosNext];
        r[4] = n[ExitCode] - c[ExitCode];
        r[5] = n[InputLen] - c[InputLen];
        r[6] = n[Halted] - c[HaltedNext];
    }

    public override IReadOnlyList<int> RowDegrees { get; } =
        [.. Enumerable.Repeat(2, Bools.Length), 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 2, 3, 2, 2, 2, 2, 3, 2, 1];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        int k = 0;
        T one = T.One;
        foreach (var b in Bools) r[k++] = c[b] * (c[b] - one);

        // The kind flags partition real rows and spell a7 (padding: no kind, a7 = 0).
        r[k++] = c[KExit] + c[KLen] + c[KDbg] + c[KRead] + c[KWrite] + c[KKeccak] - c[IsReal];
        r[k++] = c[A7] - (T.FromBase(Syscalls.Exit) * c[KExit] + c[KExit94] + T.FromBase(Syscalls.InputLength) * c[KLen]
            + T.FromBase(Syscalls.DebugPrint) * c[KDbg] + T.FromBase(Syscalls.ReadInput) * c[KRead] + T.FromBase(Syscalls.WriteOutput) * c[KWrite]
            + T.FromBase(Syscalls.Keccak256) * c[KKeccak]);
        r[k++] = c[KExit94] * (one - c[KExit]);
        r[k++] = c[KExit] * (c[A0] - c[ExitCode]);
        // a0 is written back unchanged, except input_length (the input length) and read_input (the count).
        r[k++] = c[Result] - c[A0] - c[KLen] * (c[InputLen] - c[A0]) - c[KRead] * (c[Count] - c[A0]);

        // a1 is read at 4·clk + 2, after its previous access.
        T two16 = T.FromBase(1 << 16);
        r[k++] = c[IsReal] * (T.FromBase(4) * c[Clk] + T.FromBase(2) - c[A1Ts] - one - c[A1Lo] - two16 * c[A1Hi]);

        // Transfers: a write moves a1 bytes; a read min(a1, input left) (both differences range-checked, one of them 0).
        T io = c[KRead] + c[KWrite];
        T left = c[InputLen] - c[InPos];
        r[k++] = c[KWrite] * (c[Count] - c[A1Val]);
        r[k++] = c[KRead] * (c[Base] - c[InPos]);
        r[k++] = c[KWrite] * (c[Base] - c[OutPos]);
        r[k++] = io * (c[Count] * c[CountInv] - c[NZ]);
        r[k++] = io * c[Count] * (one - c[NZ]);
        r[k++] = c[NZ] * (one - io);
        r[k++] = c[KRead] * (c[Count] - c[A1Val]) * (c[Count] - left);
        r[k++] = c[KRead] * (c[A1Val] - c[Count] - c[G1Lo] - two16 * c[G1Hi]);
        r[k++] = c[KRead] * (left - c[Count] - c[G2Lo] - two16 * c[G2Hi]);
        r[k++] = c[InPosNext] - c[InPos] - c[KRead] * c[Count];
        r[k++] = c[OutPosNext] - c[OutPos] - c[KWrite] * c[Count];

        T low = c[IoStack] * T.FromBase(regions.StackStart)
            + (one - c[IoStack]) * (T.FromBase(regions.ImageStart) + c[KRead] * T.FromBase(regions.WritableStart - regions.ImageStart));
        T high = c[IoStack] * T.FromBase(regions.MemoryTop) + (one - c[IoStack]) * T.FromBase(regions.HeapEnd);
        r[k++] = io * (c[A0] - low - c[E1Lo] - two16 * c[E1Hi]);
        r[k++] = io * (high - c[A0] - c[A1Val] - c[E2Lo] - two16 * c[E2Hi]);
        r[k] = c[HaltedNext] - c[Halted] - c[KExit];
    }

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
    [
        new(ExitCode, BoundaryRow.First, publicInputs[3]),
        new(InputLen, BoundaryRow.First, publicInputs[4]),
        new(InPos, BoundaryRow.First, publicInputs[5]),
        new(InPosNext, BoundaryRow.Last, publicInputs[6]),
        new(OutPos, BoundaryRow.First, publicInputs[7]),
        new(OutPosNext, BoundaryRow.Last, publicInputs[8]),
        new(Halted, BoundaryRow.First, 0),
        new(HaltedNext, BoundaryRow.Last, publicInputs[2]),
    ];

    private static Interaction U16When(LinearExpression mult, int column) =>
        Interaction.Send(VmBus.Byte, mult, Const(ByteOp.U16), Col(column), Const(0), Const(0));

    public override IReadOnlyList<Interaction> Interactions { get; } = BuildInteractions();

    private static List<Interaction> BuildInteractions()
    {
        var real = Col(IsReal);
        var read = Col(KRead);
        var io = LinearExpression.Combination(0, (KRead, 1), (KWrite, 1));
        var reg = Const(VmBus.RegisterSpace);
        return
        [
            Interaction.Receive(VmBus.Ecall, real, Col(Clk), Col(A7), Col(A0), Col(Result), Col(KExit)),
            Interaction.Receive(VmBus.Memory, real, reg, Const(11), Col(A1Val), Col(A1Ts)),
            Interaction.Send(VmBus.Memory, real, reg, Const(11), Col(A1Val), LinearExpression.Combination(2, (Clk, 4))),
            U16When(real, A1Lo), U16When(real, A1Hi), U16When(real, GapLo), U16When(real, GapHi),
            U16When(read, G1Lo), U16When(read, G1Hi), U16When(read, G2Lo), U16When(read, G2Hi),
            U16When(io, E1Lo), U16When(io, E1Hi), U16When(io, E2Lo), U16When(io, E2Hi),
            Interaction.Send(VmBus.Io, Col(NZ), Col(Clk), LinearExpression.Combination(0, (KRead, IoTable.ReadKind), (KWrite, IoTable.WriteKind)),
                Col(A0), Col(Count), Col(Base)),
            Interaction.Send(VmBus.KeccakCall, Col(KKeccak), Col(Clk), Const(KeccakSpongeTable.CallKind), Col(A0), Col(A1Val)),
        ];
    }

    /// <summary>A padding row after the last ECALL: no kind, the final stream positions, the segment's constants.</summary>
    internal static void WritePadding(ulong[] row, uint inPos, uint outPos, uint exitCode, uint inputLength, ulong halted)
    {
        row[Halted] = row[HaltedNext] = halted;
        row[InPos] = row[InPosNext] = inPos;
        row[OutPos] = row[OutPosNext] = outPos;
        row[ExitCode] = exitCode;
        row[InputLen] = inputLength;
    }
}
