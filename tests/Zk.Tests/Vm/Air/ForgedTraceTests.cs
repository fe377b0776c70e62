using Wsc.Zk.Field;
using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Forged witnesses of an honest run: each breaks one rule of RV32IM execution and the AIR's debug checker (every
/// constraint on every row, every bus balanced) names the table or bus that catches it. Proofs of these forgeries
/// wait for the engine's malicious-prover harness (the honest prover refuses unbalanced buses).
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class ForgedTraceTests
{
    private static (ProgramImage Image, SegmentWitness Witness) Honest()
    {
        var (image, result) = VmProving.Run(VmAirProofTests.StraightLine(), input: [9]);
        var w = Assert.Single(VmProving.Witnesses(image, result, [9]));
        VmProving.AssertSatisfied(w);
        return (image, w);
    }

    private static ulong[][] Table(SegmentWitness w, int index) => w.Traces[index];

    /// <summary>A forger recounts the byte lookups, so the byte bus stays balanced and only the rule under test breaks.</summary>
    private static void Recount(SegmentWitness w) => w.Traces[VmAir.BytesIndex] = ByteTable.Multiplicities(w.System, w.Traces);

    /// <summary>First real row of a chip (column 0 = is_real) satisfying the predicate.</summary>
    private static int ChipRow(ulong[][] chip, Func<int, bool> where)
    {
        for (int i = 0; i < chip[0].Length; i++)
            if (chip[0][i] == 1 && where(i)) return i;
        throw new InvalidOperationException("no such row");
    }

    /// <summary>The CPU row that sent an ALU request with this result (op_c).</summary>
    private static int CpuRowWithResult(SegmentWitness w, ulong c, ulong op)
    {
        var cpu = Table(w, VmAir.CpuIndex);
        for (int i = 0; i < cpu[0].Length; i++)
            if (cpu[CpuTable.OpC][i] == c && cpu[CpuTable.AluOp][i] == op && cpu[CpuTable.F(CpuFlag.Alu)][i] == 1) return i;
        throw new InvalidOperationException("no such CPU row");
    }

    public static TheoryData<int, ulong, int> AluChips => new()
    {
        { VmAir.AddSubIndex, AluOp.Add, AddSubTable.C },
        { VmAir.BitwiseIndex, AluOp.Xor, BitwiseTable.C },
        { VmAir.LessThanIndex, AluOp.Slt, LessThanTable.C },
        { VmAir.ShiftIndex, AluOp.Sra, ShiftTable.C },
        { VmAir.MulIndex, AluOp.Mulh, MulTable.C },
        { VmAir.DivRemIndex, AluOp.Rem, DivRemTable.C },
    };

    [Theory]
    [MemberData(nameof(AluChips))]
    public void A_wrong_ALU_result_is_caught_by_its_chip(int chipIndex, ulong op, int resultColumn)
    {
        var (_, w) = Honest();
        var chip = Table(w, chipIndex);
        // The chip row of this op whose CPU row writes a register: change the result in both, consistently.
        int cpuRow = -1, row = ChipRow(chip, i =>
        {
            try
            {
                cpuRow = CpuRowWithResult(w, chip[resultColumn][i], op);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        });
        ulong forged = chip[resultColumn][row] ^ 1;
        chip[resultColumn][row] = forged;
        var cpu = Table(w, VmAir.CpuIndex);
        cpu[CpuTable.OpC][cpuRow] = forged;
        cpu[CpuTable.RdVal][cpuRow] = forged;
        var problem = VmProving.Violation(w);
        Assert.NotNull(problem);
        Assert.Contains($"table '{w.System.Tables[chipIndex].Name}'", problem);
    }

    /// <summary>The CPU row of `add x0, t1, t2`: an ALU request whose result is written nowhere.</summary>
    private static int AddToX0(SegmentWitness w)
    {
        var cpu = Table(w, VmAir.CpuIndex);
        return Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.F(CpuFlag.Alu)][i] == 1 && cpu[CpuTable.Rd][i] == 0 && cpu[CpuTable.AluOp][i] == AluOp.Add);
    }

    [Fact]
    public void A_result_the_chip_did_not_compute_leaves_the_ALU_bus_unbalanced()
    {
        var (_, w) = Honest();
        var cpu = Table(w, VmAir.CpuIndex);
        int row = AddToX0(w);
        cpu[CpuTable.OpC][row] ^= 4;
        cpu[CpuTable.RdVal][row] ^= 4;
        Assert.Contains($"bus {VmBus.Alu} does not balance", VmProving.Violation(w));
    }

    [Fact]
    public void A_load_returning_a_stale_value_leaves_the_memory_bus_unbalanced()
    {
        var (_, w) = Honest();
        var ls = Table(w, VmAir.LoadStoreIndex);
        // The LW after the stores: claim the word still holds its value from before the first store (zero).
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
        var problem = VmProving.Violation(w);
        Assert.NotNull(problem);
        Assert.Contains($"bus {VmBus.Memory} does not balance", problem);
    }

    [Fact]
    public void A_store_that_does_not_take_effect_is_caught_by_the_load_store_chip()
    {
        var (_, w) = Honest();
        var ls = Table(w, VmAir.LoadStoreIndex);
        int row = ChipRow(ls, i => ls[LoadStoreTable.Sw][i] == 1);
        for (int b = 0; b < 4; b++) ls[LoadStoreTable.AB0 + b][row] = ls[LoadStoreTable.BB0 + b][row];
        Assert.Contains("table 'load-store': row constraint", VmProving.Violation(w));
    }

    [Fact]
    public void Writing_x0_is_not_an_instruction_of_the_program()
    {
        var (_, w) = Honest();
        var cpu = Table(w, VmAir.CpuIndex);
        // `add x0, t1, t2` executes without a write; claim it wrote x0.
        int row = Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.F(CpuFlag.Alu)][i] == 1 && cpu[CpuTable.Rd][i] == 0);
        cpu[CpuTable.F(CpuFlag.WritesRd)][row] = 1;
        cpu[CpuTable.RdTs][row] = 0;
        cpu[CpuTable.RdLo][row] = 4 * cpu[CpuTable.Clk][row] + 2;
        Assert.Contains($"bus {VmBus.Program} does not balance", VmProving.Violation(w));
    }

    [Fact]
    public void A_padding_row_cannot_write_a_register()
    {
        var (image, w) = Honest();
        var cpu = Table(w, VmAir.CpuIndex);
        var finalTs = Table(w, VmAir.BoundaryIndex)[0];
        // After the exit, a padding row overwrites t1 with a complete, balanced set of records and claims the new end
        // register: only the rule that padding rows write nothing objects.
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
        var regs = (uint[])w.Boundary.EndRegisters.Clone();
        regs[T1] = 12345;
        var claimed = w.Boundary with { EndRegisters = regs };
        var system = VmAir.System(image, claimed);
        w.Traces[VmAir.BytesIndex] = ByteTable.Multiplicities(system, w.Traces);
        Assert.Equal("table 'cpu': row constraint 27 fails at row " + row, Wsc.Zk.Air.TraceChecker.Check(system, w.Traces, claimed.PublicInputs()));
    }

    [Fact]
    public void Reading_a_non_zero_x0_leaves_the_memory_bus_unbalanced()
    {
        var (_, w) = Honest();
        var cpu = Table(w, VmAir.CpuIndex);
        // `addi t2, x0, 7` reads x0 as its (unused) rs2: claim that read returned 1; eq and its inverse follow.
        int row = Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.Rs2][i] == 0 && cpu[CpuTable.F(CpuFlag.Alu)][i] == 1 && cpu[CpuTable.Imm][i] == 7);
        cpu[CpuTable.Rs2Val][row] = 1;
        cpu[CpuTable.Eq][row] = 0;
        cpu[CpuTable.Inv][row] = Goldilocks.Inverse(Goldilocks.Sub(cpu[CpuTable.Rs1Val][row], 1));
        Assert.Contains($"bus {VmBus.Memory} does not balance", VmProving.Violation(w));
    }

    [Fact]
    public void A_pc_that_does_not_follow_the_instruction_is_caught_by_the_cpu()
    {
        var (_, w) = Honest();
        var cpu = Table(w, VmAir.CpuIndex);
        // Skip an instruction: next pc + 4, and the next row fetched from there (a real instruction, so only the CPU objects).
        cpu[CpuTable.NextPc][5] += 4;
        Assert.Contains("table 'cpu'", VmProving.Violation(w));
    }

    [Fact]
    public void An_instruction_that_is_not_in_the_program_cannot_be_fetched()
    {
        var (_, w) = Honest();
        var cpu = Table(w, VmAir.CpuIndex);
        // Claim `addi t2, x0, 7` was `addi t2, x0, 8`: every other table stays consistent, the program lookup does not.
        int row = Enumerable.Range(0, cpu[0].Length).First(i => cpu[CpuTable.Rs1][i] == 0 && cpu[CpuTable.F(CpuFlag.Alu)][i] == 1 && cpu[CpuTable.Imm][i] == 7);
        cpu[CpuTable.Imm][row] = 8;
        cpu[CpuTable.OpB][row] = 8;
        Assert.Contains("does not balance", VmProving.Violation(w));
    }

    [Fact]
    public void A_wrong_exit_code_or_end_pc_breaks_a_boundary_constraint()
    {
        var (_, w) = Honest();
        var pub = (ulong[])w.PublicInputs.Clone();
        pub[3] ^= 1;
        Assert.Contains("boundary constraint", Wsc.Zk.Air.TraceChecker.Check(w.System, w.Traces, pub));
        pub = (ulong[])w.PublicInputs.Clone();
        pub[1] += 4;
        Assert.Contains("boundary constraint", Wsc.Zk.Air.TraceChecker.Check(w.System, w.Traces, pub));
        pub = (ulong[])w.PublicInputs.Clone();
        pub[2] = 0;
        Assert.Contains("boundary constraint", Wsc.Zk.Air.TraceChecker.Check(w.System, w.Traces, pub));
    }

    [Fact]
    public void A_proof_of_a_trace_with_a_wrong_ALU_result_does_not_verify()
    {
        var (image, w) = Honest();
        var cpu = Table(w, VmAir.CpuIndex);
        var chip = Table(w, VmAir.AddSubIndex);
        int cpuRow = AddToX0(w);
        int row = ChipRow(chip, i => chip[AddSubTable.IsAdd][i] == 1 && chip[AddSubTable.A][i] == cpu[CpuTable.OpA][cpuRow] && chip[AddSubTable.B][i] == cpu[CpuTable.OpB][cpuRow]);
        // The chip row claims a different sum and the CPU agrees (x0 is not written): only the chip's constraint breaks.
        chip[AddSubTable.C][row] ^= 1;
        chip[AddSubTable.CLo][row] ^= 1;
        cpu[CpuTable.OpC][cpuRow] = cpu[CpuTable.RdVal][cpuRow] = chip[AddSubTable.C][row];
        Recount(w);
        Assert.Contains("table 'add-sub'", VmProving.Violation(w));
        var proof = StarkProver.Prove(w.System, w.Traces, w.PublicInputs, VmProving.Options).Encode();
        VmProving.AssertRejected(VmProving.Verify(image, w.Boundary, w.PublicInputs, proof, w));
    }
}
