using Wsc.Zk.Tests.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Proofs of forged RV32IM traces (<see cref="Forgeries"/>), made with the malicious prover (no refusal, bus sums
/// claimed to cancel whatever the trace holds), are rejected by the verifier with a real verifying key: the system
/// rebuilt from the image and the claimed boundary, each table pinned at the honest witness's height.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class ForgedProofTests
{
    private static readonly Dictionary<string, Func<(ProgramImage, SegmentWitness, SegmentBoundary)>> Forged = new()
    {
        ["add-sub result"] = () => Alu(0),
        ["bitwise result"] = () => Alu(1),
        ["less-than result"] = () => Alu(2),
        ["shift result"] = () => Alu(3),
        ["mul result"] = () => Alu(4),
        ["div-rem result"] = () => Alu(5),
        ["result no chip computed"] = () => Straight(Forgeries.UncomputedResult),
        ["stale load"] = () => Straight(Forgeries.StaleLoad),
        ["load address not rs1 + imm"] = () => Straight(Forgeries.AddressNotBasePlusOffset),
        ["auipc result not pc + imm"] = () => Straight(Forgeries.AuipcOffByFour),
        ["store without effect"] = () => Straight(Forgeries.StoreWithoutEffect),
        ["x0 written"] = () => Straight(Forgeries.WriteX0),
        ["x0 read as non-zero"] = () => Straight(Forgeries.NonZeroX0),
        ["padding row writes a register"] = () =>
        {
            var (image, w) = Forgeries.StraightLine();
            return (image, w, Forgeries.PaddingWritesRegister(image, w));
        },
        ["pc skips an instruction"] = () => Straight(Forgeries.SkippedPc),
        ["instruction not in the program"] = () => Straight(Forgeries.InstructionNotInProgram),
        ["input byte not from the input"] = () => Echo(Forgeries.InputByteNotFromInput),
        ["claimed for another input"] = () => Echo(Forgeries.OtherInput),
        ["output byte changed"] = () => Echo(Forgeries.OutputByteChanged),
        ["read returns fewer bytes than available"] = () => Echo(Forgeries.ShortRead),
        ["syscall kind not the one a7 names"] = () => Straight(Forgeries.WrongSyscallKind),
        ["ecall rows out of clock order"] = () => Echo(Forgeries.EcallRowsOutOfOrder),
        ["wrong exit code"] = () => Straight(Forgeries.WrongExitCode),
        ["wrong end pc"] = () => Straight(Forgeries.WrongEndPc),
        ["halting run claimed not to halt"] = () => Straight(Forgeries.NotHalted),
        ["claimed to start with another register"] = () => Straight(Forgeries.OtherStartRegister),
        ["claimed with another memory sum"] = () => Straight(Forgeries.OtherMemorySum),
        ["claimed under other memory challenges"] = () => Straight(Forgeries.OtherMemoryChallenge),
        ["claimed as another segment"] = () => Straight(Forgeries.OtherSegmentIndex),
        ["word from its own segment"] = () => Straight(Forgeries.WordFromItsOwnSegment),
        ["boundary row starts from another value"] = () => Straight(Forgeries.BoundaryRowValueChanged),
        ["boundary row dropped"] = () => Straight(Forgeries.BoundaryRowDropped),
        ["boundary padding row not zero"] = () => Straight(Forgeries.BoundaryPaddingNotZero),
        ["boundary row counted twice"] = () => Straight(Forgeries.BoundaryRowCountedTwice),
    };

    private static (ProgramImage, SegmentWitness, SegmentBoundary) Alu(int chip)
    {
        var (image, w) = Forgeries.StraightLine();
        var (index, op, column) = Forgeries.AluChips[chip];
        return (image, w, Forgeries.WrongAluResult(w, index, op, column));
    }

    private static (ProgramImage, SegmentWitness, SegmentBoundary) Straight(Func<SegmentWitness, SegmentBoundary> forge)
    {
        var (image, w) = Forgeries.StraightLine();
        return (image, w, forge(w));
    }

    private static (ProgramImage, SegmentWitness, SegmentBoundary) Echo(Func<SegmentWitness, SegmentBoundary> forge)
    {
        var (image, w) = Forgeries.Echo();
        return (image, w, forge(w));
    }

    public static TheoryData<string> Names => [.. Forged.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_proof_of_a_forged_trace_is_rejected(string forgery)
    {
        var (image, w, claimed) = Forged[forgery]();
        var system = VmAir.System(image, claimed);
        var pub = claimed.PublicInputs();
        // The forgery is false (else the test proves nothing), and the prover proves it anyway.
        var traces = Forgeries.TracesFor(system, w);
        Assert.NotNull(Wsc.Zk.Air.TraceChecker.Check(system, traces, pub));
        var proof = MaliciousProver.ProveWithBalancedSums(system, traces, pub, VmProving.Options);
        VmProving.AssertRejected(VmProving.Verify(image, claimed, pub, proof, w));
    }

    [Fact]
    public void Public_inputs_that_claim_a_non_zero_x0_or_do_not_match_their_layout_are_rejected()
    {
        var (image, w) = Forgeries.StraightLine();
        var proof = VmProving.ProveAndVerify(image, w);
        var pub = w.Boundary.PublicInputs();
        pub[SegmentBoundary.HeaderLength] = 1; // start x0
        var r = VmProving.Verify(image, w.Boundary, pub, proof, w);
        VmProving.AssertRejected(r);
        Assert.Contains("x0", r.Reason);
        VmProving.AssertRejected(VmProving.Verify(image, w.Boundary, [.. w.Boundary.PublicInputs(), 7], proof, w));
        VmProving.AssertRejected(VmProving.Verify(image, w.Boundary, w.Boundary.PublicInputs()[..^1], proof, w));
    }
}
