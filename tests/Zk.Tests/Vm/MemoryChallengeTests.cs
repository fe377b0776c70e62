using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Vm;

/// <summary>The memory bus's challenges depend on every input they bind, and on the proofs' order.</summary>
public sealed class MemoryChallengeTests
{
    private static byte[] B(byte v, int n = 32) => Enumerable.Repeat(v, n).ToArray();

    private static MemoryChallenge.Proof P(byte digest, int height, byte root) => new(B(digest), [height, 16], B(root));

    [Fact]
    public void The_challenges_change_with_every_bound_input()
    {
        var id = new ImageId(B(1));
        MemoryChallenge.Proof[] proofs = [P(2, 10, 3), P(2, 10, 4), P(5, 8, 6)];
        var baseline = MemoryChallenge.Derive(id, B(9), proofs);
        Assert.Equal(baseline, MemoryChallenge.Derive(id, B(9), [.. proofs]));
        Assert.NotEqual(baseline, MemoryChallenge.Derive(new ImageId(B(7)), B(9), proofs));
        Assert.NotEqual(baseline, MemoryChallenge.Derive(id, B(8), proofs));
        Assert.NotEqual(baseline, MemoryChallenge.Derive(id, B(9), proofs[..2]));
        Assert.NotEqual(baseline, MemoryChallenge.Derive(id, B(9), [proofs[1], proofs[0], proofs[2]]));
        Assert.NotEqual(baseline, MemoryChallenge.Derive(id, B(9), [P(2, 10, 3), P(2, 10, 4), P(5, 8, 7)]));
        Assert.NotEqual(baseline, MemoryChallenge.Derive(id, B(9), [P(2, 10, 3), P(2, 11, 4), P(5, 8, 6)]));
        Assert.NotEqual(baseline, MemoryChallenge.Derive(id, B(9), [P(2, 10, 3), P(3, 10, 4), P(5, 8, 6)]));
        Assert.NotEqual(baseline.Alpha, baseline.Beta);
        Assert.Throws<ArgumentException>(() => MemoryChallenge.Derive(id, B(9), [new MemoryChallenge.Proof(B(2), [10], B(3, 31))]));
    }
}
