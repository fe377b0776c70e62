using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Fri;
using Wsc.Zk.Poly;

namespace Wsc.Zk.Tests.Stark;

/// <summary>FRI over batches of several sizes: each joins at its own layer, and a far-from-low-degree one is caught.</summary>
public sealed class MixedFriTests
{
    private static Ext3[] LowDegree(int logSize, int degree, int seed)
    {
        var rng = new Random(seed);
        var comps = new ulong[3][];
        for (int a = 0; a < 3; a++)
        {
            comps[a] = new ulong[1 << logSize];
            for (int i = 0; i < degree; i++) comps[a][i] = (ulong)rng.NextInt64() % Goldilocks.P;
            Ntt.Forward(comps[a]);
        }
        return [.. Enumerable.Range(0, 1 << logSize).Select(i => new Ext3(comps[0][i], comps[1][i], comps[2][i]))];
    }

    private static bool ProveAndVerify(Ext3[][] batches, out string? error)
    {
        int logB = 2;
        var prover = new FriProver(4);
        prover.Commit(batches, logB, 4, new Transcript("mixed-fri"), checkDegree: false);
        var logSizes = batches.Select(b => Ntt.Log2(b.Length)).ToArray();
        int[] positions = [3, 100, 517, 900];
        var proof = prover.Open(positions);
        var verifier = FriVerifier.Begin(proof, logSizes, logB, 4, 4, new Transcript("mixed-fri"), out error)!;
        var joining = batches.Skip(1).Select((b, i) =>
        {
            var at = positions.Select(p => p & (b.Length - 1)).Distinct().Order();
            return at.Select(p => b[p]).ToArray();
        }).ToList();
        return verifier.Verify(positions, [.. positions.Select(p => batches[0][p])], joining, out error);
    }

    [Fact]
    public void Batches_of_three_sizes_verify_when_each_is_low_degree()
    {
        Assert.True(ProveAndVerify([LowDegree(10, 256, 1), LowDegree(8, 64, 2), LowDegree(5, 8, 3)], out var error), error);
    }

    [Fact]
    public void A_smaller_batch_of_too_high_a_degree_is_rejected()
    {
        // The middle batch has degree 128 on a domain of 256 points: twice its bound of 256/4.
        Assert.False(ProveAndVerify([LowDegree(10, 256, 1), LowDegree(8, 128, 2), LowDegree(5, 8, 3)], out var error));
        Assert.StartsWith("FRI", error);
    }
}
