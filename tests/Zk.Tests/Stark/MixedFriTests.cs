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

    private static bool ProveAndVerify(Ext3[][] batches, out string? error) => ProveAndVerify(batches, (proof, values) => proof, out error);

    /// <summary>Proves, lets `tamper` change the proof or the first layer's query values (in place), verifies.</summary>
    private static bool ProveAndVerify(Ext3[][] batches, Func<FriProof, Ext3[], FriProof> tamper, out string? error)
    {
        int logB = 2;
        var prover = new FriProver(4);
        prover.Commit(batches, logB, 4, new Transcript("mixed-fri"), checkDegree: false);
        var logSizes = batches.Select(b => Ntt.Log2(b.Length)).ToArray();
        int[] positions = [3, 100, 517, 900];
        Ext3[] values = [.. positions.Select(p => batches[0][p])];
        var proof = tamper(prover.Open(positions), values);
        var verifier = FriVerifier.Begin(proof, logSizes, logB, 4, 4, new Transcript("mixed-fri"), out error)!;
        var joining = batches.Skip(1).Select((b, i) =>
        {
            var at = positions.Select(p => p & (b.Length - 1)).Distinct().Order();
            return at.Select(p => b[p]).ToArray();
        }).ToList();
        return verifier.Verify(positions, values, joining, out error);
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

    private static Ext3[][] ThreeSizes() => [LowDegree(10, 256, 1), LowDegree(8, 64, 2), LowDegree(5, 8, 3)];

    [Fact]
    public void A_layer_opening_carries_only_the_entries_the_verifier_does_not_have()
    {
        // Four queries at layer 0 (arity 4): four rows of four entries, the four queried entries left out.
        FriProof? seen = null;
        Assert.True(ProveAndVerify(ThreeSizes(), (proof, _) => seen = proof, out var error), error);
        Assert.Equal(4 * 4 - 4, seen!.Openings[0].Values.Length);
    }

    [Fact]
    public void A_wrong_query_value_is_caught_by_the_layer_root()
    {
        Assert.False(ProveAndVerify(ThreeSizes(), (proof, values) =>
        {
            values[1] += Ext3.One;
            return proof;
        }, out var error));
        Assert.Equal("FRI layer 0: Merkle opening does not match the layer root", error);
    }

    [Fact]
    public void A_changed_missing_or_extra_layer_value_is_rejected()
    {
        static FriProof Change(FriProof p, int layer, Func<Ext3[], Ext3[]> f)
        {
            var openings = (FriLayerOpening[])p.Openings.Clone();
            openings[layer] = openings[layer] with { Values = f(openings[layer].Values) };
            return p with { Openings = openings };
        }
        Assert.False(ProveAndVerify(ThreeSizes(), (p, _) => Change(p, 1, v =>
        {
            var c = (Ext3[])v.Clone();
            c[0] += Ext3.One;
            return c;
        }), out var error));
        Assert.Equal("FRI layer 1: Merkle opening does not match the layer root", error);
        Assert.False(ProveAndVerify(ThreeSizes(), (p, _) => Change(p, 0, v => v[..^1]), out error));
        Assert.StartsWith("FRI layer 0: expected 12 opened values, got 11", error);
        Assert.False(ProveAndVerify(ThreeSizes(), (p, _) => Change(p, 0, v => [.. v, Ext3.One]), out error));
        Assert.StartsWith("FRI layer 0: expected 12 opened values, got 13", error);
    }
}
