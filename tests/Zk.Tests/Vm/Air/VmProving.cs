using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>Runs hand-assembled programs with tracing and turns their segments into AIR witnesses, checked and proven.</summary>
internal static class VmProving
{
    /// <summary>Small-query options: proofs here check the AIR, not the security level.</summary>
    public static readonly ProofOptions Options = new(Blowup: 4, Queries: 8, GrindingBits: 0, FoldingFactor: 4, RemainderSize: 8);

    public static (ProgramImage Image, ExecutionResult Result, byte[] Input) RunWithInput(uint[] words, byte[] input, int segmentLog2 = 12)
    {
        var (image, result) = Run(words, input, segmentLog2);
        return (image, result, input);
    }

    public static (ProgramImage Image, ExecutionResult Result) Run(uint[] words, byte[]? input = null, int segmentLog2 = 12, byte[]? data = null, uint dataSize = 0)
    {
        var image = ProgramImage.FromElf(Asm.Elf(words, data, dataSize));
        var result = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = segmentLog2, MaxCycles = 1 << 20 }).Run(input ?? []);
        Assert.True(result.Trap is null, result.Trap?.Message);
        Assert.Null(TraceChecker.CheckRun(image, result.Trace!));
        return (image, result);
    }

    public static SegmentWitness[] Witnesses(ProgramImage image, ExecutionResult result, byte[]? input = null) =>
        VmAir.Build(image, result, input ?? []);

    /// <summary>Asserts every constraint and bus of the witness holds (the AIR debug checker).</summary>
    public static void AssertSatisfied(SegmentWitness w) =>
        Assert.Null(Wsc.Zk.Air.TraceChecker.Check(w.System, w.Traces, w.PublicInputs));

    /// <summary>The first violated constraint or unbalanced bus, or null.</summary>
    public static string? Violation(SegmentWitness w) => Wsc.Zk.Air.TraceChecker.Check(w.System, w.Traces, w.PublicInputs);

    /// <summary>Proves the witness and verifies it against a system rebuilt from the image and the public boundary alone.</summary>
    public static byte[] ProveAndVerify(ProgramImage image, SegmentWitness w)
    {
        var proof = StarkProver.Prove(w.System, w.Traces, w.PublicInputs, Options).Encode();
        var r = Verify(image, w.Boundary, w.Boundary.PublicInputs(), proof, w);
        Assert.True(r.IsValid, r.Reason);
        return proof;
    }

    /// <summary>
    /// Verifies a proof against the system a verifier rebuilds from `image` and `boundary`, with a key that pins each
    /// table at the honest witness's height (a segment's shape is public).
    /// </summary>
    public static VerificationResult Verify(ProgramImage image, SegmentBoundary boundary, ulong[] publicInputs, byte[] proof, SegmentWitness shape)
    {
        var system = VmAir.System(image, boundary);
        int[] logHeights = [.. shape.Traces.Take(system.Tables.Count).Select(t => System.Numerics.BitOperations.Log2((uint)t[0].Length))];
        return StarkVerifier.Verify(system, VerifyingKey.Create(system, logHeights, Options), publicInputs, proof);
    }

    /// <summary>Asserts the proof is refused by the verification itself (not for want of a key or options).</summary>
    public static void AssertRejected(VerificationResult r)
    {
        Assert.False(r.IsValid);
        Assert.DoesNotContain("needs a verifying key", r.Reason ?? "");
    }
}
