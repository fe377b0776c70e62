namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>Random RV32IM programs: every segment of every run satisfies the AIR, and one is proven and verified.</summary>
[Collection(ProofCollection.Name)]
public sealed class RandomProgramTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_segment_of_a_random_program_satisfies_the_AIR(int seed)
    {
        var (image, result) = VmProving.Run(RandomPrograms.Generate(seed, 120, 3), segmentLog2: 8);
        var witnesses = VmProving.Witnesses(image, result);
        Assert.True(witnesses.Length >= 2);
        foreach (var w in witnesses) VmProving.AssertSatisfied(w);
        Assert.Null(Wsc.Zk.Vm.Air.SegmentChain.Check(image, [.. witnesses.Select(w => w.Boundary)]));
        Assert.Equal((uint)result.ExitCode, witnesses[^1].Boundary.ExitCode);
    }

    [Fact]
    public void A_random_program_segment_is_proven_and_verified()
    {
        var (image, result) = VmProving.Run(RandomPrograms.Generate(42, 200, 2), segmentLog2: 9);
        var witnesses = VmProving.Witnesses(image, result);
        VmProving.ProveAndVerify(image, witnesses[0]);
    }
}
