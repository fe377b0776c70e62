using Wsc.Zk.Air;
using Wsc.Zk.Examples;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

public sealed class PublicBusTermTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    [Fact]
    public void Two_segments_chain_a_memory_state_through_public_data()
    {
        var air = MemoryChainAir.System();
        var key = VerifyingKey.Create(air, [new HeightRange(1, 10)], Options);
        var (first, pubA) = MemoryChainAir.Segment([10, 20, 30, 40], [(0, 1), (2, 5), (0, 1), (3, 100), (1, 7)]);
        var handOver = pubA[MemoryChainAir.Cells..];
        Assert.Equal(new ulong[] { 12, 27, 35, 140 }, handOver);
        var (second, pubB) = MemoryChainAir.Segment(handOver, [(1, 3), (1, 3), (2, 1)]);
        Assert.Null(TraceChecker.Check(air, [first], pubA));
        var proofA = StarkProver.Prove(air, [first], pubA, Options).Encode();
        var proofB = StarkProver.Prove(air, [second], pubB, Options).Encode();
        Assert.True(StarkVerifier.Verify(air, key, pubA, proofA).IsValid);
        Assert.True(StarkVerifier.Verify(air, key, pubB, proofB).IsValid);
        Assert.Equal(pubA[MemoryChainAir.Cells..], pubB[..MemoryChainAir.Cells]); // the chain a client checks

        // A changed hand-over value, on either side of the hand-over, is rejected.
        for (int side = 0; side < 2; side++)
        {
            var pub = (ulong[])(side == 0 ? pubA : pubB).Clone();
            pub[MemoryChainAir.Cells + (side == 0 ? 2 : -MemoryChainAir.Cells + 2)] += 1;
            var r = StarkVerifier.Verify(air, key, pub, side == 0 ? proofA : proofB);
            Assert.False(r.IsValid, $"side {side}");
            Assert.Contains("balance", r.Reason);
        }
    }

    [Fact]
    public void A_segment_that_starts_from_another_state_cannot_be_proven_honestly()
    {
        var air = MemoryChainAir.System();
        var (trace, pub) = MemoryChainAir.Segment([1, 2, 3, 4], [(0, 5)]);
        pub[1] = 9; // claims to receive cell 1 = 9, the trace's updates never touch it
        Assert.Contains("does not balance", TraceChecker.Check(air, [trace], pub));
        var e = Assert.Throws<InvalidOperationException>(() => StarkProver.Prove(air, [trace], pub, Options));
        Assert.Contains("balance", e.Message);
    }
}
