using Wsc.Zk.Air;
using Wsc.Zk.Examples;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

/// <summary>Proofs of false statements, produced with the prover's own checks skipped, are rejected by the verifier.</summary>
public sealed class MaliciousProverTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    private static VerificationResult Verify(AirSystem air, ulong[] pub, byte[] proof) => StarkVerifier.Verify(air, pub, proof, Options);

    [Fact]
    public void A_broken_transition_constraint_is_rejected()
    {
        var (trace, pub) = FibonacciAir.Trace(6);
        trace[1][20] = Goldilocks.Add(trace[1][20], 1);
        var air = FibonacciAir.System();
        Assert.NotNull(TraceChecker.Check(air, [trace], pub));
        var r = Verify(air, pub, MaliciousProver.Prove(air, [trace], pub, Options));
        Assert.False(r.IsValid);
        Assert.Contains("out-of-domain", r.Reason);
    }

    [Fact]
    public void A_broken_row_constraint_is_rejected()
    {
        var (traces, pub) = SquaresBusAir.Traces(4, 6);
        traces[0][1][5] = Goldilocks.Add(traces[0][1][5], 1); // y ≠ x² at row 5; the sum table receives the broken pair
        int row = Array.IndexOf(traces[1][0], 5UL);
        traces[1][1][row] = traces[0][1][5];
        for (int i = row; i < traces[1][3].Length; i++) traces[1][3][i] = Goldilocks.Add(traces[1][3][i], traces[1][2][row]);
        pub[0] = traces[1][3][^1];
        var air = SquaresBusAir.System();
        Assert.Equal("table 'squares': row constraint 0 fails at row 5", TraceChecker.Check(air, traces, pub));
        var r = Verify(air, pub, MaliciousProver.Prove(air, traces, pub, Options));
        Assert.False(r.IsValid);
        Assert.Contains("out-of-domain", r.Reason);
    }

    [Fact]
    public void A_broken_auxiliary_column_is_rejected()
    {
        var (traces, pub) = SquaresBusAir.Traces(4, 6);
        var air = SquaresBusAir.System();
        Assert.Null(TraceChecker.Check(air, traces, pub));
        var r = Verify(air, pub, MaliciousProver.ProveWithShiftedHelper(air, traces, pub, Options, table: 0, fromRow: 3, toRow: 9));
        Assert.False(r.IsValid);
        Assert.Contains("out-of-domain", r.Reason);
    }

    [Fact]
    public void A_broken_boundary_constraint_is_rejected()
    {
        var (trace, pub) = FibonacciAir.Trace(6);
        pub[2] = Goldilocks.Add(pub[2], 1);
        var air = FibonacciAir.System();
        Assert.Contains("boundary", TraceChecker.Check(air, [trace], pub));
        var r = Verify(air, pub, MaliciousProver.Prove(air, [trace], pub, Options));
        Assert.False(r.IsValid);
        Assert.Contains("out-of-domain", r.Reason);
    }

    [Fact]
    public void An_unbalanced_bus_is_rejected_whether_the_sums_tell_or_lie()
    {
        var (traces, pub) = SquaresBusAir.Traces(4, 6);
        int row = Array.IndexOf(traces[1][0], 3UL);
        traces[1][1][row] = 10; // receives (3, 10), which nobody sent
        for (int i = row; i < traces[1][3].Length; i++) traces[1][3][i] = Goldilocks.Add(traces[1][3][i], traces[1][2][row]);
        pub[0] = traces[1][3][^1];
        var air = SquaresBusAir.System();
        Assert.Contains("does not balance", TraceChecker.Check(air, traces, pub));
        var told = Verify(air, pub, MaliciousProver.Prove(air, traces, pub, Options));
        Assert.False(told.IsValid);
        Assert.Contains("do not balance", told.Reason);
        var lied = Verify(air, pub, MaliciousProver.ProveWithBalancedSums(air, traces, pub, Options));
        Assert.False(lied.IsValid);
        Assert.Contains("out-of-domain", lied.Reason);
    }

    [Fact]
    public void A_public_bus_term_the_trace_does_not_match_is_rejected()
    {
        var air = MemoryChainAir.System();
        var (trace, pub) = MemoryChainAir.Segment([1, 2, 3, 4], [(0, 5), (1, 1)]);
        pub[MemoryChainAir.Cells + 1] = 99; // claims to leave cell 1 = 99; the updates leave 3
        Assert.Contains("does not balance", TraceChecker.Check(air, [trace], pub));
        var told = Verify(air, pub, MaliciousProver.Prove(air, [trace], pub, Options));
        Assert.False(told.IsValid);
        Assert.Contains("do not balance", told.Reason);
        var lied = Verify(air, pub, MaliciousProver.ProveWithBalancedSums(air, [trace], pub, Options));
        Assert.False(lied.IsValid);
        Assert.Contains("out-of-domain", lied.Reason);
    }

    [Fact]
    public void The_harness_proves_true_statements_that_verify()
    {
        // Guards the tests above: the harness itself makes valid proofs of true statements.
        var (traces, pub) = SquaresBusAir.Traces(4, 6);
        var air = SquaresBusAir.System();
        Assert.True(Verify(air, pub, MaliciousProver.Prove(air, traces, pub, Options)).IsValid);
        Assert.True(Verify(air, pub, MaliciousProver.ProveWithBalancedSums(air, traces, pub, Options)).IsValid);
    }
}
