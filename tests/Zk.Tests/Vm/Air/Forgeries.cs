using Wsc.Zk.Field;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Forged witnesses of honest runs, each breaking one rule of RV32IM execution. A forgery edits the witness in place
/// and returns the statement (boundary) the forger claims; the debug checker tests (ForgedTraceTests) and the proof
/// tests (ForgedProofTests) share them.
/// </summary>
internal static class Forgeries
{
    /// <summary>The straight-line program of every instruction class with input [9], one segment, checked honest.</summary>
    public static (ProgramImage Image, SegmentWitness Witness) StraightLine()
    {
        var (image, result) = VmProving.Run(VmAirProofTests.StraightLine(), input: [9]);
        var w = Assert.Single(VmProving.Witnesses(image, result, [9]));
        VmProving.AssertSatisfied(w);
        return (image, w);
    }

    /// <summary>The read_input/write_output echo program, one segment, checked honest.</summary>
    public static (ProgramImage Image, SegmentWitness Witness) Echo()
    {
        var (image, result) = VmProving.Run(IoSyscallTests.Echo(), IoSyscallTests.Input);
        var w = Assert.Single(VmProving.Witnesses(image, result, IoSyscallTests.Input));
        VmProving.AssertSatisfied(w);
        return (image, w);
    }

    private static ulong[][] Table(SegmentWitness w, int index) => w.Traces[index];

    /// <summary>A forger recounts the byte lookups, so the byte bus stays balanced and only the rule under test breaks.</summary>
    public static void Recount(SegmentWitness w) => w.Traces[VmAir.BytesIndex] = ByteTable.Multiplicities(w.System, w.Traces);

    /// <summary>First real row of a chip (column 0 = is_real) satisfying the predicate.</summary>
    public static int ChipRow(ulong[][] chip, Func<int, bool> where)
    {
        for (int i = 0; i < chip[0].Length; i++)
            if (chip[0][i] == 1 && where(i)) return i;
        throw new InvalidOperationException("no such row");
    }

    /// <summary>The CPU row that sent an ALU request with this result (op_c), or -1.</summary>
    private static int CpuRowWithResult(SegmentWitness w, ulong c, ulong op)
    {
        var cpu = Table(w, VmAir.CpuIndex);
        for (int i = 0; i < cpu[0].Length; i++)
            if (cpu[CpuTable.OpC][i] == c && cpu[CpuTable.Op][i] == op && cpu[CpuTable.F(CpuFlag.Alu)][i] == 1) return i;
        return -1;
    }

    /// <summary>The ALU chips, the op used to forge each and its result column.</summary>
    public static readonly (int Chip, ulong Op, int Result)[] AluChips =
    [
        (VmAir.AddSubIndex, AluOp.Add, AddSubTable.C),
        (VmAir.BitwiseIndex, AluOp.Xor, BitwiseTable.C),
        (VmAir.LessThanIndex, AluOp.Slt, LessThanTable.C),
        (VmAir.ShiftIndex, AluOp.Sra, ShiftTable.C),
        (VmAir.MulIndex, AluOp.Mulh, MulTable.C),
        (VmAir.DivRemIndex, AluOp.Rem, DivRemTable.C),
    ];

    /// <summary>A chip row of this op and the CPU row that wrote its result: the result changed in both, consistently.</summary>
    public static SegmentBoundary WrongAluResult(SegmentWitness w, int chipIndex, ulong op, int resultColumn)
    {
        var chip = Table(w, chipIndex);
        int cpuRow = -1, row = ChipRow(chip, i => (cpuRow = CpuRowWithResult(w, chip[resultColumn][i], op)) >= 0);
        ulong forged = chip[resultColumn][row] ^ 1;
        chip[resultColumn][row] = forged;
        var cpu = Table(w, VmAir.CpuIndex);
        cpu[CpuTable.OpC][cpuRow] = forged;
        cpu[CpuTable.RdVal][cpuRow] = forged;
        return w.Boundary;
    }

    /// <summary>The CPU row of `add x0, t1, t2`: an ALU request whose result is written nowhere.</summary>
    public static int AddToX0(SegmentWitness w)
    {
        var cpu = Table(w, VmAir.CpuIndex);
        return Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.F(CpuFlag.Alu)][i] == 1 && cpu[CpuTable.Rd][i] == 0 && cpu[CpuTable.Op][i] == AluOp.Add);
    }

    /// <summary>The CPU claims a result for `add x0, t1, t2` that no chip computed.</summary>
    public static SegmentBoundary UncomputedResult(SegmentWitness w)
    {
        var cpu = Table(w, VmAir.CpuIndex);
        int row = AddToX0(w);
        cpu[CpuTable.OpC][row] ^= 4;
        cpu[CpuTable.RdVal][row] ^= 4;
        return w.Boundary;
    }

    /// <summary>The LW after the stores claims the word still holds its value from before the first store (zero).</summary>
    public static SegmentBoundary StaleLoad(SegmentWitness w)
    {
        var ls = Table(w, VmAir.LoadStoreIndex);
        int row = ChipRow(ls, i => ls[LoadStoreTable.Lw][i] == 1);
        for (int b = 0; b < 4; b++) ls[LoadStoreTable.BB0 + b][row] = ls[LoadStoreTable.AB0 + b][row] = 0;
        ls[LoadStoreTable.Value][row] = ls[LoadStoreTable.V0][row] = ls[LoadStoreTable.V1][row] = ls[LoadStoreTable.VHi][row] = 0;
        foreach (var c in (int[])[LoadStoreTable.SelByte, LoadStoreTable.Sign8, LoadStoreTable.Low7, LoadStoreTable.Half, LoadStoreTable.Sign16, LoadStoreTable.Low15])
            ls[c][row] = 0;
        ls[LoadStoreTable.PrevTs][row] = 0; // as if no store came before
        ulong d = 4 * ls[LoadStoreTable.Clk][row] + 1;
        ls[LoadStoreTable.TLo][row] = d & 0xffff;
        ls[LoadStoreTable.THi][row] = d >> 16;
        Recount(w);
        var cpu = Table(w, VmAir.CpuIndex);
        int cpuRow = Array.FindIndex(cpu[CpuTable.Clk], c => c == ls[LoadStoreTable.Clk][row]);
        cpu[CpuTable.MemVal][cpuRow] = cpu[CpuTable.RdVal][cpuRow] = 0;
        return w.Boundary;
    }

    /// <summary>The LW's chip row claims the sum rs1 + imm wrapped (carry 1) while keeping its address: the address is not rs1 + imm.</summary>
    public static SegmentBoundary AddressNotBasePlusOffset(SegmentWitness w)
    {
        var ls = Table(w, VmAir.LoadStoreIndex);
        int row = ChipRow(ls, i => ls[LoadStoreTable.Lw][i] == 1);
        ls[LoadStoreTable.Carry][row] = 1;
        return w.Boundary;
    }

    /// <summary>
    /// `auipc s6, 0x80000` (a LUI of pc + imm in the program table) writes 4 more than pc + imm, and the end state is
    /// claimed with that value (s6 is not read again): only the fetched immediate disagrees with the program.
    /// </summary>
    public static SegmentBoundary AuipcOffByFour(SegmentWitness w)
    {
        const int S6 = 22;
        var cpu = Table(w, VmAir.CpuIndex);
        int row = Enumerable.Range(0, cpu[0].Length).Last(i => cpu[CpuTable.F(CpuFlag.Lui)][i] == 1 && cpu[CpuTable.Rd][i] == S6);
        cpu[CpuTable.Imm][row] += 4;
        cpu[CpuTable.RdVal][row] += 4;
        Table(w, VmAir.BoundaryIndex)[MemoryBoundaryTable.ValueOut][S6] = cpu[CpuTable.RdVal][row];
        var regs = (uint[])w.Boundary.EndRegisters.Clone();
        regs[S6] = (uint)cpu[CpuTable.RdVal][row];
        return WithRefilledMemorySum(w) with { EndRegisters = regs };
    }

    /// <summary>The SW leaves the word as it was.</summary>
    public static SegmentBoundary StoreWithoutEffect(SegmentWitness w)
    {
        var ls = Table(w, VmAir.LoadStoreIndex);
        int row = ChipRow(ls, i => ls[LoadStoreTable.Sw][i] == 1);
        for (int b = 0; b < 4; b++) ls[LoadStoreTable.AB0 + b][row] = ls[LoadStoreTable.BB0 + b][row];
        return w.Boundary;
    }

    /// <summary>`add x0, t1, t2` executes without a write; claim it wrote x0.</summary>
    public static SegmentBoundary WriteX0(SegmentWitness w)
    {
        var cpu = Table(w, VmAir.CpuIndex);
        int row = Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.F(CpuFlag.Alu)][i] == 1 && cpu[CpuTable.Rd][i] == 0);
        cpu[CpuTable.F(CpuFlag.WritesRd)][row] = 1;
        cpu[CpuTable.RdTs][row] = 0;
        cpu[CpuTable.RdLo][row] = 4 * cpu[CpuTable.Clk][row] + 2;
        return w.Boundary;
    }

    /// <summary>
    /// After the exit, a padding row overwrites t1 with a complete, balanced set of records and claims the new end
    /// register: only the rule that padding rows write nothing objects.
    /// </summary>
    public static SegmentBoundary PaddingWritesRegister(ProgramImage image, SegmentWitness w)
    {
        var cpu = Table(w, VmAir.CpuIndex);
        var boundary = Table(w, VmAir.BoundaryIndex);
        var finalTs = boundary[MemoryBoundaryTable.FinalTs];
        int row = Array.IndexOf(cpu[CpuTable.IsReal], 0UL);
        ulong clk = cpu[CpuTable.Clk][row], d = 4 * clk + 2 - finalTs[T1];
        cpu[CpuTable.F(CpuFlag.WritesRd)][row] = 1;
        cpu[CpuTable.Rd][row] = (ulong)T1;
        cpu[CpuTable.RdVal][row] = 12345;
        cpu[CpuTable.RdPrev][row] = w.Boundary.EndRegisters[T1];
        cpu[CpuTable.RdTs][row] = finalTs[T1];
        cpu[CpuTable.RdLo][row] = d & 0xffff;
        cpu[CpuTable.RdHi][row] = d >> 16;
        finalTs[T1] = 4 * clk + 3;
        boundary[MemoryBoundaryTable.ValueOut][T1] = 12345;
        var regs = (uint[])w.Boundary.EndRegisters.Clone();
        regs[T1] = 12345;
        var claimed = WithRefilledMemorySum(w) with { EndRegisters = regs };
        w.Traces[VmAir.BytesIndex] = ByteTable.Multiplicities(VmAir.System(image, claimed), w.Traces);
        return claimed;
    }

    /// <summary>`addi t2, x0, 7` reads x0 as its (unused) rs2: claim that read returned 1; eq and its inverse follow.</summary>
    public static SegmentBoundary NonZeroX0(SegmentWitness w)
    {
        var cpu = Table(w, VmAir.CpuIndex);
        int row = Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.Rs2][i] == 0 && cpu[CpuTable.F(CpuFlag.Alu)][i] == 1 && cpu[CpuTable.Imm][i] == 7);
        cpu[CpuTable.Rs2Val][row] = 1;
        cpu[CpuTable.Eq][row] = 0;
        cpu[CpuTable.Inv][row] = Goldilocks.Inverse(Goldilocks.Sub(cpu[CpuTable.Rs1Val][row], 1));
        return w.Boundary;
    }

    /// <summary>Skip an instruction: next pc + 4, and the next row fetched from there (a real instruction, so only the CPU objects).</summary>
    public static SegmentBoundary SkippedPc(SegmentWitness w)
    {
        Table(w, VmAir.CpuIndex)[CpuTable.NextPc][5] += 4;
        return w.Boundary;
    }

    /// <summary>Claim `addi t2, x0, 7` was `addi t2, x0, 8`: every other table stays consistent, the program lookup does not.</summary>
    public static SegmentBoundary InstructionNotInProgram(SegmentWitness w)
    {
        var cpu = Table(w, VmAir.CpuIndex);
        int row = Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.Rs1][i] == 0 && cpu[CpuTable.F(CpuFlag.Alu)][i] == 1 && cpu[CpuTable.Imm][i] == 7);
        cpu[CpuTable.Imm][row] = 8;
        cpu[CpuTable.OpB][row] = 8;
        return w.Boundary;
    }

    /// <summary>Echo: one byte a read puts into memory is not the input's byte at that position.</summary>
    public static SegmentBoundary InputByteNotFromInput(SegmentWitness w)
    {
        var io = w.Traces[VmAir.IoIndex];
        int row = Enumerable.Range(0, io[0].Length).First(i => io[IoTable.R0 + 2][i] == 1);
        io[IoTable.AB0 + 2][row] ^= 1;
        Recount(w);
        return w.Boundary;
    }

    /// <summary>Echo: the first read_input claims 4 bytes where min(a1 = 5, 11 left) = 5 (both gaps fit their range).</summary>
    public static SegmentBoundary ShortRead(SegmentWitness w)
    {
        var ecall = w.Traces[VmAir.EcallIndex];
        int row = Enumerable.Range(0, ecall[0].Length).First(i => ecall[EcallTable.KRead][i] == 1);
        ecall[EcallTable.Count][row] = 4;
        ecall[EcallTable.Result][row] = 4;
        ecall[EcallTable.G1Lo][row] = 1;
        ecall[EcallTable.G2Lo][row] = 7;
        w.Traces[VmAir.CpuIndex][CpuTable.RdVal][(int)ecall[EcallTable.Clk][row] - 1] = 4;
        Recount(w);
        return w.Boundary;
    }

    /// <summary>Straight line: the input_length ECALL is taken as debug_print (a0 written back unchanged).</summary>
    public static SegmentBoundary WrongSyscallKind(SegmentWitness w)
    {
        var ecall = w.Traces[VmAir.EcallIndex];
        int row = Enumerable.Range(0, ecall[0].Length).First(i => ecall[EcallTable.KLen][i] == 1);
        ecall[EcallTable.KLen][row] = 0;
        ecall[EcallTable.KDbg][row] = 1;
        ecall[EcallTable.Result][row] = ecall[EcallTable.A0][row];
        var cpu = w.Traces[VmAir.CpuIndex];
        int cpuRow = (int)ecall[EcallTable.Clk][row] - 1;
        cpu[CpuTable.RdVal][cpuRow] = ecall[EcallTable.A0][row];
        return w.Boundary;
    }

    /// <summary>
    /// Echo: the two write_output ECALLs (9 bytes, then 0) swap rows in the ecall table, with the output positions
    /// re-chained so every row is coherent on its own: only the rule that ECALL rows follow the clock is broken.
    /// </summary>
    public static SegmentBoundary EcallRowsOutOfOrder(SegmentWitness w)
    {
        var ecall = w.Traces[VmAir.EcallIndex];
        int a = Enumerable.Range(0, ecall[0].Length).First(i => ecall[EcallTable.KWrite][i] == 1), b = a + 1;
        Assert.Equal(1UL, ecall[EcallTable.KWrite][b]);
        Assert.Equal(0UL, ecall[EcallTable.Count][b]);
        foreach (var column in ecall) (column[a], column[b]) = (column[b], column[a]);
        ulong start = ecall[EcallTable.OutPos][b], nine = ecall[EcallTable.Count][b];
        ecall[EcallTable.OutPos][a] = ecall[EcallTable.OutPosNext][a] = ecall[EcallTable.Base][a] = start;
        ecall[EcallTable.OutPos][b] = ecall[EcallTable.Base][b] = start;
        ecall[EcallTable.OutPosNext][b] = start + nine;
        foreach (int r in (int[])[a, b, b + 1]) ecall[EcallTable.GapLo][r] = ecall[EcallTable.GapHi][r] = 0;
        Recount(w);
        return w.Boundary;
    }

    /// <summary>Echo: the honest trace, claimed with one journal byte changed.</summary>
    public static SegmentBoundary OutputByteChanged(SegmentWitness w)
    {
        var journal = (byte[])w.Boundary.Journal.Clone();
        journal[3] ^= 1;
        return w.Boundary with { Journal = journal };
    }

    /// <summary>Echo: the honest trace, claimed for an input with one byte changed.</summary>
    public static SegmentBoundary OtherInput(SegmentWitness w)
    {
        var input = (byte[])w.Boundary.Input.Clone();
        input[2] ^= 1;
        return w.Boundary with { Input = input };
    }

    /// <summary>The honest trace, claimed with another exit code.</summary>
    public static SegmentBoundary WrongExitCode(SegmentWitness w) => w.Boundary with { ExitCode = w.Boundary.ExitCode ^ 1 };

    /// <summary>The honest trace, claimed to end at another pc.</summary>
    public static SegmentBoundary WrongEndPc(SegmentWitness w) => w.Boundary with { EndPc = w.Boundary.EndPc + 4 };

    /// <summary>
    /// The honest (halting) trace, claimed not to halt: without the footprint's sums, so checked and proven without the
    /// footprint tables, as a non-halting segment is (<see cref="TracesFor"/>).
    /// </summary>
    public static SegmentBoundary NotHalted(SegmentWitness w) =>
        w.Boundary with { Halted = false, Memory = w.Boundary.Memory with { Sums = [w.Boundary.Memory.Sums[0]] } };

    /// <summary>The witness's traces of the tables `system` has (a claim without the footprint drops its two tables).</summary>
    public static ulong[][][] TracesFor(Wsc.Zk.Air.AirSystem system, SegmentWitness w) => w.Traces[..system.Tables.Count];

    /// <summary>The honest trace, claimed to start with another stack pointer (the boundary table holds the real one).</summary>
    public static SegmentBoundary OtherStartRegister(SegmentWitness w)
    {
        var regs = (uint[])w.Boundary.StartRegisters.Clone();
        regs[2] ^= 4;
        return w.Boundary with { StartRegisters = regs };
    }

    /// <summary>The honest trace, claimed with another sum on the memory bus across proofs (as if its words held other values).</summary>
    public static SegmentBoundary OtherMemorySum(SegmentWitness w)
    {
        var m = w.Boundary.Memory;
        return w.Boundary with { Memory = m with { Sums = [m.Sums[0] + Ext3.One, .. m.Sums[1..]] } };
    }

    /// <summary>The honest trace, claimed under other memory challenges (another run's α).</summary>
    public static SegmentBoundary OtherMemoryChallenge(SegmentWitness w) =>
        w.Boundary with { Memory = w.Boundary.Memory with { Alpha = w.Boundary.Memory.Alpha + Ext3.One } };

    /// <summary>The honest trace, claimed as another segment of the run (its index on the memory bus).</summary>
    public static SegmentBoundary OtherSegmentIndex(SegmentWitness w) =>
        w.Boundary with { Memory = w.Boundary.Memory with { Index = w.Boundary.Memory.Index + 1 } };

    /// <summary>A RAM row claims its word came from the segment itself (prev = index): a word must come from an earlier segment.</summary>
    public static SegmentBoundary WordFromItsOwnSegment(SegmentWitness w)
    {
        var b = Table(w, VmAir.BoundaryIndex);
        b[MemoryBoundaryTable.Prev][32] = b[MemoryBoundaryTable.SegIndex][32];
        return w.Boundary with { Memory = w.Boundary.Memory with { Sums = [Refill(w, b), .. w.Boundary.Memory.Sums[1..]] } };
    }

    /// <summary>
    /// The witness's boundary claiming the boundary table's sum as the (forged) table now gives it: a forger who changed
    /// the memory rows refills the sum's columns and claims the sum they add up to.
    /// </summary>
    public static SegmentBoundary WithRefilledMemorySum(SegmentWitness w)
    {
        var sums = (Ext3[])w.Boundary.Memory.Sums.Clone();
        sums[0] = Refill(w, Table(w, VmAir.BoundaryIndex));
        return w.Boundary with { Memory = w.Boundary.Memory with { Sums = sums } };
    }

    /// <summary>Refills the boundary table's sum columns after a forgery; returns the new sum (what the forger claims).</summary>
    private static Ext3 Refill(SegmentWitness w, ulong[][] boundary) =>
        MemoryBoundaryTable.Sum.Fill(boundary, w.Boundary.Memory.Alpha, w.Boundary.Memory.Beta);

    /// <summary>The boundary table's first RAM word row starts from another value than the statement's (a load then returns it).</summary>
    public static SegmentBoundary BoundaryRowValueChanged(SegmentWitness w)
    {
        var boundary = Table(w, VmAir.BoundaryIndex);
        boundary[MemoryBoundaryTable.ValueIn][32] ^= 1;
        return w.Boundary;
    }

    /// <summary>A padding row of the boundary table holds a value (free statement cells would let a prover re-draw the challenges).</summary>
    public static SegmentBoundary BoundaryPaddingNotZero(SegmentWitness w)
    {
        var b = Table(w, VmAir.BoundaryIndex);
        int spare = Enumerable.Range(0, b[0].Length).First(r => b[MemoryBoundaryTable.Reg][r] == 0 && b[MemoryBoundaryTable.Ram][r] == 0);
        b[MemoryBoundaryTable.ValueIn][spare] = 5;
        return WithRefilledMemorySum(w);
    }

    /// <summary>The boundary table drops register t1's row (its records and its statement tuple vanish together).</summary>
    public static SegmentBoundary BoundaryRowDropped(SegmentWitness w)
    {
        Table(w, VmAir.BoundaryIndex)[MemoryBoundaryTable.Reg][T1] = 0;
        return w.Boundary;
    }

    /// <summary>The boundary table counts register t1's row twice and adds a row of value −1 with another end value.</summary>
    public static SegmentBoundary BoundaryRowCountedTwice(SegmentWitness w)
    {
        var b = Table(w, VmAir.BoundaryIndex);
        b[MemoryBoundaryTable.Reg][T1] = 2;
        int spare = Enumerable.Range(0, b[0].Length).First(r => b[MemoryBoundaryTable.Reg][r] == 0 && b[MemoryBoundaryTable.Ram][r] == 0);
        for (int c = 0; c < MemoryBoundaryTable.Width; c++) b[c][spare] = b[c][T1];
        b[MemoryBoundaryTable.Reg][spare] = Goldilocks.Neg(1);
        return w.Boundary;
    }
}
