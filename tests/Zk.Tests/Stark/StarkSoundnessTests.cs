using Wsc.Zk.Examples;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

public sealed class StarkSoundnessTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    [Fact]
    public void A_trace_breaking_a_transition_constraint_is_rejected()
    {
        var (trace, pub) = FibonacciAir.Trace(6);
        trace[1][20] = Goldilocks.Add(trace[1][20], 1); // b' ≠ a + b at rows 19 and 20
        var air = FibonacciAir.System();
        var result = ProveAndVerify(air, [trace], pub);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_trace_breaking_a_boundary_constraint_is_rejected()
    {
        var (trace, pub) = FibonacciAir.Trace(6);
        pub[2] = Goldilocks.Add(pub[2], 1); // claims a wrong final value, proven against the honest trace
        var result = ProveAndVerify(FibonacciAir.System(), [trace], pub);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_wide_trace_with_one_bad_cell_is_rejected()
    {
        var (trace, pub) = WideAir.Trace(6, 8);
        trace[5][33] ^= 1;
        var result = ProveAndVerify(WideAir.System(8), [trace], pub);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_bus_sum_table_with_a_broken_accumulator_is_rejected()
    {
        var (traces, pub) = SquaresBusAir.Traces(4, 6);
        traces[1][3][10] = Goldilocks.Add(traces[1][3][10], 5);
        var result = ProveAndVerify(SquaresBusAir.System(), traces, pub);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_row_constraint_is_enforced_on_the_last_row_too()
    {
        var (traces, pub) = SquaresBusAir.Traces(4, 6);
        int last = traces[0][1].Length - 1;
        // Break y = x² only on the last row of the squares table, and make the sum table receive the broken pair so
        // the bus still balances: only the row constraint can catch it.
        ulong oldY = traces[0][1][last], newY = Goldilocks.Add(oldY, 1);
        traces[0][1][last] = newY;
        int row = Array.IndexOf(traces[1][1], oldY);
        traces[1][1][row] = newY;
        for (int i = row; i < traces[1][3].Length; i++) traces[1][3][i] = Goldilocks.Add(traces[1][3][i], 1);
        pub[0] = traces[1][3][^1];
        var result = ProveAndVerify(SquaresBusAir.System(), traces, pub);
        Assert.False(result.IsValid);
        Assert.Contains("out-of-domain", result.Reason);
    }

    [Fact]
    public void Changed_public_inputs_are_rejected()
    {
        var (trace, pub) = FibonacciAir.Trace(6);
        var air = FibonacciAir.System();
        var bytes = StarkProver.Prove(air, [trace], pub, Options).Encode();
        for (int i = 0; i < pub.Length; i++)
        {
            var changed = (ulong[])pub.Clone();
            changed[i] = Goldilocks.Add(changed[i], 1);
            var result = StarkVerifier.Verify(air, changed, bytes, Options);
            Assert.False(result.IsValid, $"public input {i} changed but the proof verified");
        }
        var extra = StarkVerifier.Verify(air, [.. pub, 0], bytes, Options);
        Assert.False(extra.IsValid);
    }

    [Fact]
    public void A_proof_is_rejected_under_other_options_or_another_air()
    {
        var (trace, pub) = FibonacciAir.Trace(6);
        var air = FibonacciAir.System();
        var bytes = StarkProver.Prove(air, [trace], pub, Options).Encode();
        Assert.False(StarkVerifier.Verify(air, pub, bytes, Options with { Queries = Options.Queries + 1 }).IsValid);
        var (wideTrace, _) = WideAir.Trace(6, 2);
        Assert.False(StarkVerifier.Verify(WideAir.System(2), pub.AsSpan(0, 2), bytes, Options).IsValid);
        _ = wideTrace;
    }

    [Fact]
    public void Garbage_bytes_give_a_clear_format_error()
    {
        var garbage = new byte[300];
        new Random(7).NextBytes(garbage);
        var e = Assert.Throws<ProofFormatException>(() => StarkProof.Decode(garbage));
        Assert.Contains("magic", e.Message);
        var result = StarkVerifier.Verify(FibonacciAir.System(), [1, 1, 2], garbage, Options);
        Assert.False(result.IsValid);
        Assert.Contains("magic", result.Reason);
        Assert.Throws<ProofFormatException>(() => StarkProof.Decode([]));
    }

    [Fact]
    public void A_truncated_proof_names_the_field_it_stopped_in()
    {
        var (trace, pub) = FibonacciAir.Trace(5);
        var bytes = StarkProver.Prove(FibonacciAir.System(), [trace], pub, Options).Encode();
        var e = Assert.Throws<ProofFormatException>(() => StarkProof.Decode(bytes.AsSpan(0, bytes.Length / 2)));
        Assert.StartsWith("proof: ", e.Message);
        Assert.Contains("opening", e.Message);
        var e2 = Assert.Throws<ProofFormatException>(() => StarkProof.Decode([.. bytes, 0]));
        Assert.Contains("trailing", e2.Message);
    }

    [Fact]
    public void Ten_thousand_single_byte_mutations_are_all_rejected_cleanly()
    {
        var (trace, pub) = FibonacciAir.Trace(4);
        var air = FibonacciAir.System();
        var bytes = StarkProver.Prove(air, [trace], pub, Options).Encode();
        Assert.True(StarkVerifier.Verify(air, pub, bytes, Options).IsValid);
        var rng = new Random(12345);
        var reasons = new Dictionary<string, int>();
        for (int i = 0; i < 10_000; i++)
        {
            var copy = (byte[])bytes.Clone();
            int at = rng.Next(copy.Length);
            copy[at] ^= (byte)rng.Next(1, 256);
            var result = StarkVerifier.Verify(air, pub, copy, Options); // must not throw
            Assert.False(result.IsValid, $"mutation at byte {at} of {copy.Length} was accepted");
            Assert.False(string.IsNullOrWhiteSpace(result.Reason));
            string kind = result.Reason.Split(':')[0];
            reasons[kind] = reasons.GetValueOrDefault(kind) + 1;
        }
        Assert.True(reasons.Count > 3, "mutations should fail in several different checks");
    }

    private static VerificationResult ProveAndVerify(Wsc.Zk.Air.AirSystem air, IReadOnlyList<ulong[][]> traces, ulong[] pub)
    {
        StarkProof proof;
        try
        {
            proof = StarkProver.Prove(air, traces, pub, Options);
        }
        catch (InvalidOperationException e)
        {
            // The honest prover may notice the statement is false (FRI remainder not low degree, unbalanced bus).
            return VerificationResult.Invalid(e.Message);
        }
        return StarkVerifier.Verify(air, pub, proof.Encode(), Options);
    }
}
