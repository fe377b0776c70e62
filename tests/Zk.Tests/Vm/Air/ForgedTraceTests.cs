using Wsc.Zk.Stark;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Forged witnesses of an honest run (see <see cref="Forgeries"/>): each breaks one rule of RV32IM execution and the
/// AIR's debug checker (every constraint on every row, every bus balanced) names the table or bus that catches it.
/// ForgedProofTests proves the same forgeries with the prover's checks skipped.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class ForgedTraceTests
{
    private static string? Violation(Wsc.Zk.Vm.ProgramImage image, SegmentWitness w, SegmentBoundary claimed) =>
        Wsc.Zk.Air.TraceChecker.Check(VmAir.System(image, claimed), Forgeries.TracesFor(VmAir.System(image, claimed), w), claimed.PublicInputs());

    public static TheoryData<int> AluChips => [.. Enumerable.Range(0, Forgeries.AluChips.Length)];

    [Theory]
    [MemberData(nameof(AluChips))]
    public void A_wrong_ALU_result_is_caught_by_its_chip(int chip)
    {
        var (image, w) = Forgeries.StraightLine();
        var (index, op, column) = Forgeries.AluChips[chip];
        var problem = Violation(image, w, Forgeries.WrongAluResult(w, index, op, column));
        Assert.NotNull(problem);
        Assert.Contains($"table '{w.System.Tables[index].Name}'", problem);
    }

    [Fact]
    public void The_syscall_rules_moved_to_the_ecall_table_still_bite()
    {
        var (image, w) = Forgeries.Echo();
        Assert.Contains("table 'ecall': row constraint", Violation(image, w, Forgeries.ShortRead(w)));
        (image, w) = Forgeries.StraightLine();
        Assert.Contains("table 'ecall': row constraint", Violation(image, w, Forgeries.WrongSyscallKind(w)));
        (image, w) = Forgeries.Echo();
        Assert.Contains("table 'ecall': transition constraint 1", Violation(image, w, Forgeries.EcallRowsOutOfOrder(w)));
    }

    [Fact]
    public void A_result_the_chip_did_not_compute_leaves_the_ALU_bus_unbalanced()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.Contains($"bus {VmBus.Alu} does not balance", Violation(image, w, Forgeries.UncomputedResult(w)));
    }

    [Fact]
    public void A_load_returning_a_stale_value_leaves_the_memory_bus_unbalanced()
    {
        var (image, w) = Forgeries.StraightLine();
        var problem = Violation(image, w, Forgeries.StaleLoad(w));
        Assert.NotNull(problem);
        Assert.Contains($"bus {VmBus.Memory} does not balance", problem);
    }

    [Fact]
    public void An_address_other_than_rs1_plus_imm_is_caught_by_the_load_store_chip()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.Contains("table 'load-store': row constraint", Violation(image, w, Forgeries.AddressNotBasePlusOffset(w)));
    }

    [Fact]
    public void An_AUIPC_result_other_than_pc_plus_imm_is_not_an_instruction_of_the_program()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.Contains($"bus {VmBus.Program} does not balance", Violation(image, w, Forgeries.AuipcOffByFour(w)));
    }

    [Fact]
    public void A_store_that_does_not_take_effect_is_caught_by_the_load_store_chip()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.Contains("table 'load-store': row constraint", Violation(image, w, Forgeries.StoreWithoutEffect(w)));
    }

    [Fact]
    public void Writing_x0_is_not_an_instruction_of_the_program()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.Contains($"bus {VmBus.Program} does not balance", Violation(image, w, Forgeries.WriteX0(w)));
    }

    [Fact]
    public void A_padding_row_cannot_write_a_register()
    {
        var (image, w) = Forgeries.StraightLine();
        int row = Array.IndexOf(w.Traces[VmAir.CpuIndex][CpuTable.IsReal], 0UL);
        Assert.Equal("table 'cpu': row constraint 18 fails at row " + row, Violation(image, w, Forgeries.PaddingWritesRegister(image, w)));
    }

    [Fact]
    public void Reading_a_non_zero_x0_leaves_the_memory_bus_unbalanced()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.Contains($"bus {VmBus.Memory} does not balance", Violation(image, w, Forgeries.NonZeroX0(w)));
    }

    [Fact]
    public void A_pc_that_does_not_follow_the_instruction_is_caught_by_the_cpu()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.Contains("table 'cpu'", Violation(image, w, Forgeries.SkippedPc(w)));
    }

    [Fact]
    public void An_instruction_that_is_not_in_the_program_cannot_be_fetched()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.Contains("does not balance", Violation(image, w, Forgeries.InstructionNotInProgram(w)));
    }

    [Fact]
    public void A_wrong_exit_code_end_pc_or_halt_flag_breaks_a_boundary_constraint()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.Contains("boundary constraint", Violation(image, w, Forgeries.WrongExitCode(w)));
        Assert.Contains("boundary constraint", Violation(image, w, Forgeries.WrongEndPc(w)));
        Assert.Contains("boundary constraint", Violation(image, w, Forgeries.NotHalted(w)));
    }

    [Fact]
    public void A_proof_of_a_trace_with_a_wrong_ALU_result_does_not_verify()
    {
        var (image, w) = Forgeries.StraightLine();
        var cpu = w.Traces[VmAir.CpuIndex];
        var chip = w.Traces[VmAir.AddSubIndex];
        int cpuRow = Forgeries.AddToX0(w);
        int row = Forgeries.ChipRow(chip, i => chip[AddSubTable.IsAdd][i] == 1 && chip[AddSubTable.A][i] == cpu[CpuTable.Rs1Val][cpuRow] && chip[AddSubTable.B][i] == cpu[CpuTable.OpB][cpuRow]);
        // The chip row claims a different sum and the CPU agrees (x0 is not written): only the chip's constraint breaks,
        // every bus balances, so even the honest prover (which refuses only unbalanced buses) proves it.
        chip[AddSubTable.C][row] ^= 1;
        chip[AddSubTable.CLo][row] ^= 1;
        cpu[CpuTable.OpC][cpuRow] = cpu[CpuTable.RdVal][cpuRow] = chip[AddSubTable.C][row];
        Forgeries.Recount(w);
        Assert.Contains("table 'add-sub'", VmProving.Violation(w));
        var proof = StarkProver.Prove(w.System, w.Traces, w.PublicInputs, VmProving.Options).Encode();
        VmProving.AssertRejected(VmProving.Verify(image, w.Boundary, w.PublicInputs, proof, w));
    }
}
