using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// One row per cycle: fetches the instruction at pc from the program table, reads rs1 and rs2 and writes rd through
/// the memory bus, hands arithmetic to the ALU chips and memory accesses to the load-store chip, and constrains the
/// next pc. Rows after the last cycle are padding (is_real = 0, pc = next_pc = the end pc).
/// </summary>
public sealed class CpuTable : TableAir
{
    public const int IsReal = 0, Clk = 1, Pc = 2, NextPc = 3, Flag0 = 4;
    public const int Rd = Flag0 + CpuFlag.Count, Rs1 = Rd + 1, Rs2 = Rd + 2, Imm = Rd + 3, Op = Rd + 4;
    public const int Rs1Val = Op + 1, Rs2Val = Rs1Val + 1, RdVal = Rs1Val + 2, RdPrev = Rs1Val + 3;
    public const int OpB = RdPrev + 1, OpC = OpB + 1, MemVal = OpB + 2;
    public const int Eq = MemVal + 1, Inv = Eq + 1, Taken = Eq + 2, JalrBit = Eq + 3;
    // ECALL rows hand (clk, a7, a0, the value written to a0, is-exit) to the ecall table, which does the syscall; the
    // exit flag stays here because it decides the next pc and ends the run (the ecall table counts the exits).
    public const int KExit = JalrBit + 1;
    public const int Rs1Ts = KExit + 1, Rs2Ts = Rs1Ts + 1, RdTs = Rs1Ts + 2;
    public const int Rs1Lo = RdTs + 1, Rs1Hi = Rs1Lo + 1, Rs2Lo = Rs1Lo + 2, Rs2Hi = Rs1Lo + 3, RdLo = Rs1Lo + 4, RdHi = Rs1Lo + 5;
    public const int RealCount = RdHi + 1;
    public const int Width = RealCount + 1;

    /// <summary>Main column of flag bit f.</summary>
    public static int F(int flag) => Flag0 + flag;

    public override string Name => "cpu";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;

    // Transitions: clk, pc chain, is_real monotone, nothing after exit, real-row count.
    public override IReadOnlyList<int> TransitionDegrees { get; } = [1, 1, 2, 2, 1];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> n, ReadOnlySpan<T> periodic, Span<T> r)
    {
        r[0] = n[Clk] - c[Clk] - T.One;
        r[1] = n[Pc] - c[NextPc];
        r[2] = n[IsReal] * (T.One - c[IsReal]);
        r[3] = c[KExit] * n[IsReal];
        r[4] = n[RealCount] - c[RealCount] - n[IsReal];
    }

    private const int Booleans = 1 + CpuFlag.Count + 3; // is_real, flags, eq, jalr bit, exit

    public override IReadOnlyList<int> RowDegrees { get; } = [.. Enumerable.Repeat(2, Booleans), 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 2, 2, 2];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        int k = 0;
        T one = T.One;
        r[k++] = c[IsReal] * (c[IsReal] - one);
        for (int f = 0; f < CpuFlag.Count; f++) r[k++] = c[Flag0 + f] * (c[Flag0 + f] - one);
        foreach (var b in (ReadOnlySpan<int>)[Eq, JalrBit, KExit]) r[k++] = c[b] * (c[b] - one);

        // Exactly one class per real row.
        T classes = T.Zero;
        foreach (var f in CpuFlag.Classes) classes += c[Flag0 + f];
        r[k++] = classes - c[IsReal];
        // The one modifier with an effect of its own: a padding row must not write a register.
        r[k++] = c[Flag0 + CpuFlag.WritesRd] * (one - c[IsReal]);

        // ALU operands: a = rs1, b = rs2 or the immediate.
        r[k++] = c[OpB] - c[Rs2Val] - c[Flag0 + CpuFlag.Imm] * (c[Imm] - c[Rs2Val]);

        // The value written to rd, per class (ECALL's: the ecall table's answer, on the bus).
        T four = T.FromBase(4);
        r[k++] = c[Flag0 + CpuFlag.Alu] * (c[RdVal] - c[OpC]);
        r[k++] = c[Flag0 + CpuFlag.Lui] * (c[RdVal] - c[Imm]);
        r[k++] = (c[Flag0 + CpuFlag.Jal] + c[Flag0 + CpuFlag.Jalr]) * (c[RdVal] - c[Pc] - four);
        r[k++] = c[Flag0 + CpuFlag.Load] * (c[RdVal] - c[MemVal]);
        r[k++] = c[Flag0 + CpuFlag.Store] * (c[MemVal] - c[Rs2Val]);

        // Equality of rs1 and rs2 (for BEQ/BNE): eq = 1 iff the difference has no inverse.
        T diff = c[Rs1Val] - c[Rs2Val];
        r[k++] = diff * c[Eq];
        r[k++] = diff * c[Inv] - (one - c[Eq]);
        r[k++] = c[Taken] - (c[Flag0 + CpuFlag.Beq] * c[Eq] + c[Flag0 + CpuFlag.Bne] * (one - c[Eq]) + c[Flag0 + CpuFlag.BltLike] * c[OpC] + c[Flag0 + CpuFlag.BgeLike] * (one - c[OpC]));

        // The next pc: sequential, jump, branch, exit (stays), padding (stays).
        // (JAL and branch immediates are signed offsets in the field; the program table stores them so.)
        T simm = c[Imm];
        T seq = c[Flag0 + CpuFlag.Alu] + c[Flag0 + CpuFlag.Lui] + c[Flag0 + CpuFlag.Load] + c[Flag0 + CpuFlag.Store] + c[Flag0 + CpuFlag.Ecall];
        T branch = c[Flag0 + CpuFlag.Beq] + c[Flag0 + CpuFlag.Bne] + c[Flag0 + CpuFlag.BltLike] + c[Flag0 + CpuFlag.BgeLike];
        r[k++] = c[NextPc] - (seq * (c[Pc] + four) - four * c[KExit]
            + c[Flag0 + CpuFlag.Jal] * (c[Pc] + simm)
            + c[Flag0 + CpuFlag.Jalr] * (c[OpC] - c[JalrBit])
            + branch * (c[Pc] + four) + branch * c[Taken] * (simm - four)
            + (one - c[IsReal]) * c[Pc]);

        // Timestamps: each register access comes after the one it follows (ts − prev − 1 is two 16-bit limbs).
        T clk4 = four * c[Clk];
        T two16 = T.FromBase(1 << 16);
        r[k++] = c[IsReal] * (clk4 - c[Rs1Ts] - one - c[Rs1Lo] - two16 * c[Rs1Hi]);
        r[k++] = c[IsReal] * (clk4 - c[Rs2Ts] - c[Rs2Lo] - two16 * c[Rs2Hi]);
        r[k++] = c[Flag0 + CpuFlag.WritesRd] * (clk4 + T.FromBase(2) - c[RdTs] - c[RdLo] - two16 * c[RdHi]);

        // Only an ECALL exits (the ecall table checks a7 says so).
        r[k] = c[KExit] * (one - c[Flag0 + CpuFlag.Ecall]);
    }

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
    [
        new(IsReal, BoundaryRow.First, 1),
        new(Clk, BoundaryRow.First, 1),
        new(Pc, BoundaryRow.First, publicInputs[0]),
        new(NextPc, BoundaryRow.Last, publicInputs[1]),
        new(KExit, BoundaryRow.Last, 0),
        new(RealCount, BoundaryRow.First, 1),
        new(RealCount, BoundaryRow.Last, publicInputs[9]),
    ];

    public override IReadOnlyList<Interaction> Interactions { get; } = BuildInteractions();

    private static LinearExpression Col(int c) => LinearExpression.Column(c);

    private static LinearExpression Sum(params int[] flags) => LinearExpression.Combination(0, [.. flags.Select(f => (F(f), 1UL))]);

    private static LinearExpression Ts(int slot) => LinearExpression.Combination((ulong)slot, (Clk, 4));

    private static Interaction U16(LinearExpression mult, int column) =>
        Interaction.Send(VmBus.Byte, mult, LinearExpression.Const(ByteOp.U16), Col(column), LinearExpression.Const(0), LinearExpression.Const(0));

    private static List<Interaction> BuildInteractions()
    {
        var real = Col(IsReal);
        var ecall = Col(F(CpuFlag.Ecall));
        var writes = Col(F(CpuFlag.WritesRd));
        var reg = LinearExpression.Const(VmBus.RegisterSpace);
        var packed = LinearExpression.Combination(0, [.. Enumerable.Range(0, CpuFlag.Count).Select(f => (F(f), 1UL << f))]);
        return
        [
            Interaction.Send(VmBus.Program, real, Col(Pc), packed, Col(Rd), Col(Rs1), Col(Rs2), Col(Imm), Col(Op)),
            Interaction.Receive(VmBus.Memory, real, reg, Col(Rs1), Col(Rs1Val), Col(Rs1Ts)),
            Interaction.Send(VmBus.Memory, real, reg, Col(Rs1), Col(Rs1Val), Ts(0)),
            Interaction.Receive(VmBus.Memory, real, reg, Col(Rs2), Col(Rs2Val), Col(Rs2Ts)),
            Interaction.Send(VmBus.Memory, real, reg, Col(Rs2), Col(Rs2Val), Ts(1)),
            Interaction.Receive(VmBus.Memory, writes, reg, Col(Rd), Col(RdPrev), Col(RdTs)),
            Interaction.Send(VmBus.Memory, writes, reg, Col(Rd), Col(RdVal), Ts(3)),
            U16(real, Rs1Lo), U16(real, Rs1Hi), U16(real, Rs2Lo), U16(real, Rs2Hi), U16(writes, RdLo), U16(writes, RdHi),
            Interaction.Send(VmBus.Ecall, ecall, Col(Clk), Col(Rs1Val), Col(Rs2Val), Col(RdVal), Col(KExit)),
            Interaction.Send(VmBus.Alu, Sum(CpuFlag.Alu, CpuFlag.Jalr, CpuFlag.BltLike, CpuFlag.BgeLike),
                Col(Op), Col(Rs1Val), Col(OpB), Col(OpC)),
            // A load or store hands (kind, rs1, imm) to the load-store chip, which adds the address itself.
            Interaction.Send(VmBus.LoadStore, Sum(CpuFlag.Load, CpuFlag.Store), Col(Op), Col(Rs1Val), Col(Imm), Col(MemVal), Col(Clk)),
        ];
    }
}
