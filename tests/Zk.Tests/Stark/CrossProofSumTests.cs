using Wsc.Zk.Air;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

/// <summary>
/// A bus across two proofs: one sends records held in its statement columns, the other receives them; (α, β) come
/// from both statement roots; each proof's sum is checked by its own verifier, and the two cancel only when the
/// records are the same multiset.
/// </summary>
public sealed class CrossProofSumTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    /// <summary>Statement columns (address, value, real); the sum's columns after them; public inputs α, β, S.</summary>
    private sealed class RecordsTable(bool send) : TableAir
    {
        public const int A = 0, V = 1, Real = 2;
        public readonly CrossProofSum Sum = new([new CrossProofSum.Term(send, Real, A, V, LinearExpression.Const(0))], 3, 0, 0);

        public override string Name => send ? "sender" : "receiver";
        public override int MainWidth => 3 + Sum.Width;
        public override int StatementWidth => 3;
        public override IReadOnlyList<int> TransitionDegrees => Sum.TransitionDegrees;

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            Sum.EvaluateTransition(current, next, result);

        public override IReadOnlyList<int> RowDegrees => [2, .. Sum.RowDegrees];

        public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
        {
            r[0] = c[Real] * (c[Real] - T.One);
            Sum.EvaluateRow(c, periodic, r[1..]);
        }

        public override IReadOnlyList<int> PublicConstants => Sum.PublicConstants;

        public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
            Sum.BoundaryConstraints(publicInputs);
    }

    private static AirSystem System(bool send) => new(send ? "records-send" : "records-receive", [new RecordsTable(send)]);

    /// <summary>Records in rows 0..count−1 (real), zero padding after, at least one padding row.</summary>
    private static ulong[][] Statement(IReadOnlyList<(ulong A, ulong V)> records, int logRows = 4)
    {
        int n = 1 << logRows;
        var cols = new ulong[3 + new RecordsTable(true).Sum.Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new ulong[n];
        for (int i = 0; i < records.Count; i++)
        {
            cols[RecordsTable.A][i] = records[i].A;
            cols[RecordsTable.V][i] = records[i].V;
            cols[RecordsTable.Real][i] = 1;
        }
        return cols;
    }

    private static (Ext3 Alpha, Ext3 Beta) Challenges(params byte[][] roots)
    {
        var t = new Transcript("cross-proof-sum-test");
        foreach (var r in roots) t.Absorb(r);
        return (t.DrawExt(), t.DrawExt());
    }

    private static ulong[] Public(Ext3 alpha, Ext3 beta, Ext3 sum) => [alpha.A0, alpha.A1, alpha.A2, beta.A0, beta.A1, beta.A2, sum.A0, sum.A1, sum.A2];

    private static readonly (ulong, ulong)[] Records = [(16, 5), (20, 7), (24, 9), (16, 11), (40, 0)];

    private static (StarkProof Proof, Ext3 Sum, ulong[] Pub) Prove(AirSystem air, ulong[][] cols, Ext3 alpha, Ext3 beta)
    {
        var sum = ((RecordsTable)air.Tables[0]).Sum.Fill(cols, alpha, beta);
        var pub = Public(alpha, beta, sum);
        Assert.Null(TraceChecker.Check(air, [cols], pub));
        return (StarkProver.Prove(air, [cols], pub, Options), sum, pub);
    }

    private static VerificationResult Verify(AirSystem air, StarkProof proof, ulong[] pub) =>
        StarkVerifier.Verify(air, VerifyingKey.Create(air, [new HeightRange(1, 10)], Options), pub, proof.Encode());

    [Fact]
    public void Two_proofs_of_the_same_records_cancel_and_of_different_records_do_not()
    {
        var send = System(true);
        var receive = System(false);
        var sent = Statement(Records);
        var received = Statement([.. Records.Reverse()]);
        var (alpha, beta) = Challenges(StarkProver.StatementRoot(send, [sent], Options)!, StarkProver.StatementRoot(receive, [received], Options)!);
        var (p1, s1, pub1) = Prove(send, sent, alpha, beta);
        var (p2, s2, pub2) = Prove(receive, received, alpha, beta);
        Assert.True(Verify(send, p1, pub1).IsValid);
        Assert.True(Verify(receive, p2, pub2).IsValid);
        Assert.True((s1 + s2).IsZero);
        // The sum is what the records say, not what the prover wishes.
        var expected = Records.Aggregate(Ext3.Zero, (acc, r) => acc + CrossProofSum.Fraction(true, 1, r.Item1, r.Item2, 0, alpha, beta));
        Assert.Equal(expected, s1);

        // One value changed on the receiving side: that proof is still valid on its own, the sums no longer cancel.
        (ulong, ulong)[] changed = [.. Records.Reverse()];
        changed[2] = (changed[2].Item1, changed[2].Item2 + 1);
        var other = Statement(changed);
        var (alpha2, beta2) = Challenges(StarkProver.StatementRoot(send, [sent], Options)!, StarkProver.StatementRoot(receive, [other], Options)!);
        var (q1, t1, qpub1) = Prove(send, sent, alpha2, beta2);
        var (q2, t2, qpub2) = Prove(receive, other, alpha2, beta2);
        Assert.True(Verify(send, q1, qpub1).IsValid);
        Assert.True(Verify(receive, q2, qpub2).IsValid);
        Assert.False((t1 + t2).IsZero);
    }

    [Fact]
    public void A_proof_claiming_another_sum_than_its_records_give_is_rejected()
    {
        var send = System(true);
        var cols = Statement(Records);
        var (alpha, beta) = Challenges(StarkProver.StatementRoot(send, [cols], Options)!);
        var sum = ((RecordsTable)send.Tables[0]).Sum.Fill(cols, alpha, beta);
        // The claimed sum minus one record's fraction, as if that record were absent: the malicious prover proves the
        // honest columns against it.
        var lie = sum - CrossProofSum.Fraction(true, 1, 24, 9, 0, alpha, beta);
        var forged = MaliciousProver.Prove(send, [cols], Public(alpha, beta, lie), Options);
        Assert.False(StarkVerifier.Verify(send, VerifyingKey.Create(send, [new HeightRange(1, 10)], Options), Public(alpha, beta, lie), forged).IsValid);
        // The same records under other challenges than the public inputs name: the constant columns hold the others.
        var (a2, b2) = Challenges(StarkProver.StatementRoot(send, [cols], Options)!, [1]);
        var forged2 = MaliciousProver.Prove(send, [cols], Public(a2, b2, sum), Options);
        Assert.False(StarkVerifier.Verify(send, VerifyingKey.Create(send, [new HeightRange(1, 10)], Options), Public(a2, b2, sum), forged2).IsValid);
    }

    [Fact]
    public void A_record_skipped_by_a_forged_running_sum_is_rejected()
    {
        // The prover zeroes one row's inverse (so that record adds nothing) and keeps the running sum consistent with
        // that: the gated-inverse constraint on that row fails.
        var send = System(true);
        var cols = Statement(Records);
        var table = (RecordsTable)send.Tables[0];
        var (alpha, beta) = Challenges(StarkProver.StatementRoot(send, [cols], Options)!);
        table.Sum.Fill(cols, alpha, beta);
        int inv = 3, acc = 3 + 3; // the term's inverse, then the running sum (CrossProofSum's columns after the statement)
        int row = 2;
        var skipped = new Ext3(cols[inv][row], cols[inv + 1][row], cols[inv + 2][row]);
        cols[inv][row] = cols[inv + 1][row] = cols[inv + 2][row] = 0;
        for (int r = row + 1; r < cols[0].Length; r++)
        {
            var a = new Ext3(cols[acc][r], cols[acc + 1][r], cols[acc + 2][r]) - skipped;
            (cols[acc][r], cols[acc + 1][r], cols[acc + 2][r]) = (a.A0, a.A1, a.A2);
        }
        var last = cols[0].Length - 1;
        var claimed = new Ext3(cols[acc][last], cols[acc + 1][last], cols[acc + 2][last]);
        var pub = Public(alpha, beta, claimed);
        Assert.NotNull(TraceChecker.Check(send, [cols], pub));
        var forged = MaliciousProver.Prove(send, [cols], pub, Options);
        Assert.False(StarkVerifier.Verify(send, VerifyingKey.Create(send, [new HeightRange(1, 10)], Options), pub, forged).IsValid);
    }
}
