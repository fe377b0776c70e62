using Wsc.Zk.Examples;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

public sealed class StarkExamplesTests
{
    /// <summary>Reduced options for fast tests: 16 queries × 2 bits + 4 grinding bits.</summary>
    internal static readonly ProofOptions TestOptions = new(Blowup: 4, Queries: 16, GrindingBits: 4, FoldingFactor: 4, RemainderSize: 8);

    [Fact]
    public void Fibonacci_proof_verifies()
    {
        var (trace, pub) = FibonacciAir.Trace(6);
        var air = FibonacciAir.System();
        var proof = StarkProver.Prove(air, [trace], pub, TestOptions);
        var bytes = proof.Encode();
        var result = StarkVerifier.Verify(air, pub, bytes, TestOptions);
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Fibonacci_with_default_options_verifies_and_reports_100_bits()
    {
        var (trace, pub) = FibonacciAir.Trace(8);
        var air = FibonacciAir.System();
        var proof = StarkProver.Prove(air, [trace], pub, ProofOptions.Default);
        Assert.True(StarkVerifier.Verify(air, pub, proof.Encode(), ProofOptions.Default).IsValid);
        Assert.True(SecurityEstimate.ConjecturedBits(ProofOptions.Default, 20 + 2) >= 100);
    }

    [Fact]
    public void Wide_air_proof_verifies()
    {
        var (trace, pub) = WideAir.Trace(7, 12);
        var air = WideAir.System(12);
        var proof = StarkProver.Prove(air, [trace], pub, TestOptions);
        var result = StarkVerifier.Verify(air, pub, proof.Encode(), TestOptions);
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Range_check_by_lookup_verifies()
    {
        var air = RangeCheckAir.System();
        var traces = RangeCheckAir.Traces([0, 1, 65535, 12345, 12345, 7, 40000]);
        var proof = StarkProver.Prove(air, traces, [], TestOptions);
        var key = VerifyingKey.Create(air, [3, 16], TestOptions);
        var result = StarkVerifier.Verify(air, key, [], proof.Encode());
        Assert.True(result.IsValid, result.Reason);
        // Without a key the convenience overload commits the preprocessed columns itself (at the AIR's fixed height).
        result = StarkVerifier.Verify(air, [], proof.Encode(), TestOptions);
        Assert.True(result.IsValid, result.Reason);
        result = StarkVerifier.Verify(air, [], proof.Encode(), TestOptions, key);
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Range_check_prover_refuses_an_out_of_range_value()
    {
        var air = RangeCheckAir.System();
        var traces = RangeCheckAir.Traces([3, 65536]);
        var e = Assert.Throws<InvalidOperationException>(() => StarkProver.Prove(air, traces, [], TestOptions));
        Assert.Contains("balance", e.Message);
    }

    [Fact]
    public void Two_tables_of_different_heights_joined_by_a_bus_verify()
    {
        var air = SquaresBusAir.System();
        var (traces, pub) = SquaresBusAir.Traces(5, 7);
        var proof = StarkProver.Prove(air, traces, pub, TestOptions);
        Assert.Equal([5, 7], proof.LogHeights);
        var result = StarkVerifier.Verify(air, pub, proof.Encode(), TestOptions);
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Degree_three_constraint_with_a_periodic_column_verifies()
    {
        var air = CubicPeriodicAir.System();
        var (trace, pub) = CubicPeriodicAir.Trace(6, 3);
        var proof = StarkProver.Prove(air, [trace], pub, TestOptions);
        var result = StarkVerifier.Verify(air, pub, proof.Encode(), TestOptions);
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Degree_three_constraint_with_a_wrong_periodic_value_is_rejected()
    {
        var air = CubicPeriodicAir.System();
        var (trace, pub) = CubicPeriodicAir.Trace(6, 3);
        // Recompute one step with the wrong periodic constant; later rows follow honestly from it.
        trace[0][9] = Wsc.Zk.Field.Goldilocks.Add(trace[0][9], 2);
        for (int i = 10; i < trace[0].Length; i++)
        {
            ulong x = trace[0][i - 1];
            trace[0][i] = Wsc.Zk.Field.Goldilocks.Add(Wsc.Zk.Field.Goldilocks.Mul(Wsc.Zk.Field.Goldilocks.Mul(x, x), x), new ulong[] { 5, 7, 11, 13 }[(i - 1) % 4]);
        }
        pub[1] = trace[0][^1];
        StarkProof proof;
        try
        {
            proof = StarkProver.Prove(air, [trace], pub, TestOptions);
        }
        catch (InvalidOperationException)
        {
            return; // the prover noticed
        }
        Assert.False(StarkVerifier.Verify(air, pub, proof.Encode(), TestOptions).IsValid);
    }

    [Fact]
    public void A_constraint_degree_the_blowup_cannot_carry_is_refused()
    {
        var air = CubicPeriodicAir.System();
        var (trace, pub) = CubicPeriodicAir.Trace(4, 3);
        var e = Assert.Throws<ArgumentException>(() => StarkProver.Prove(air, [trace], pub, TestOptions with { Blowup = 2, Queries = 32 }));
        Assert.Contains("blowup", e.Message);
    }

    [Fact]
    public void Proving_is_deterministic()
    {
        var air = SquaresBusAir.System();
        var (traces, pub) = SquaresBusAir.Traces(4, 6);
        var a = StarkProver.Prove(air, traces, pub, TestOptions).Encode();
        var b = StarkProver.Prove(air, traces, pub, TestOptions).Encode();
        Assert.Equal(a, b);
        Assert.Equal(a, StarkProof.Decode(a).Encode());
    }
}
