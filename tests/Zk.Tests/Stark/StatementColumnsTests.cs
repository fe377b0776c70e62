using Wsc.Zk.Air;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

/// <summary>
/// Statement columns: the first main columns of a table committed in a tree of their own before any challenge, the root
/// carried by the proof, absorbed first and returned by the verifier (the hook for a bus across proofs).
/// </summary>
public sealed class StatementColumnsTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    /// <summary>Column 0 (the statement) holds values s; column 1 sums them: acc' = acc + s', acc[0] = s[0], acc[last] = pub[0].</summary>
    private sealed class SumTable(string name, int statementWidth) : TableAir
    {
        public override string Name => name;
        public override int MainWidth => 2;
        public override int StatementWidth => statementWidth;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [1];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            result[0] = next[1] - current[1] - next[0];

        public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
            [new(1, BoundaryRow.Last, publicInputs[0])];

        public override IReadOnlyList<int> RowDegrees { get; } = [];
    }

    /// <summary>A second table at another height with no statement columns (x' = x + 1).</summary>
    private sealed class CounterTable : TableAir
    {
        public override string Name => "counter";
        public override int MainWidth => 1;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [1];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            result[0] = next[0] - current[0] - T.One;
    }

    private static AirSystem System(int statementWidth = 1) =>
        new("statement-sum", [new SumTable("sum", statementWidth), new CounterTable()]);

    private static (ulong[][][] Traces, ulong[] Pub) Witness(ulong seed, int logRows = 6)
    {
        int n = 1 << logRows;
        var s = new ulong[n];
        var acc = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = (seed * 0x9E3779B97F4A7C15UL + (ulong)i * 7919) % Goldilocks.P;
            acc[i] = i == 0 ? s[0] : Goldilocks.Add(acc[i - 1], s[i]);
        }
        var counter = new ulong[8];
        for (int i = 0; i < counter.Length; i++) counter[i] = (ulong)i;
        return ([[s, acc], [counter]], [acc[n - 1]]);
    }

    private static VerifyingKey Key(AirSystem air) =>
        VerifyingKey.Create(air, [new HeightRange(1, 12), new HeightRange(1, 12)], Options);

    [Fact]
    public void A_proof_with_statement_columns_verifies_and_returns_its_root()
    {
        var air = System();
        var (traces, pub) = Witness(1);
        Assert.Null(TraceChecker.Check(air, traces, pub));
        var proof = StarkProver.Prove(air, traces, pub, Options);
        Assert.NotNull(proof.StatementRoot);
        Assert.NotNull(proof.StatementOpening);
        var r = StarkVerifier.Verify(air, Key(air), pub, proof.Encode());
        Assert.True(r.IsValid, r.Reason);
        Assert.Equal(proof.StatementRoot, r.StatementRoot);
        var parts = ProofSizeBreakdown.Of(proof);
        Assert.Equal(proof.Encode().Length, parts.Values.Sum());
        Assert.True(parts["statementValues"] > 0 && parts["statementSiblings"] > 0);
        // Without statement columns the proof has neither, and the result no root.
        var plain = System(0);
        var p0 = StarkProver.Prove(plain, traces, pub, Options);
        Assert.Null(p0.StatementRoot);
        var r0 = StarkVerifier.Verify(plain, Key(plain), pub, p0.Encode());
        Assert.True(r0.IsValid, r0.Reason);
        Assert.Null(r0.StatementRoot);
    }

    [Fact]
    public void The_root_commits_to_the_statement_columns_alone()
    {
        var air = System();
        var (a, pubA) = Witness(1);
        var (b, pubB) = Witness(2);
        var rootA = StarkProver.Prove(air, a, pubA, Options).StatementRoot!;
        var rootB = StarkProver.Prove(air, b, pubB, Options).StatementRoot!;
        Assert.NotEqual(rootA, rootB);
        // The same statement column proves the same root whatever the other columns are: a caller can compute a root
        // before the proof (the statement tree is the columns' commitment, nothing else goes in).
        var counter = a[1][0].Select(v => v + 100).ToArray();
        var again = StarkProver.Prove(air, [a[0], [counter]], pubA, Options).StatementRoot!;
        Assert.Equal(rootA, again);
    }

    [Fact]
    public void A_proof_whose_statement_root_is_swapped_is_rejected()
    {
        var air = System();
        var (a, pubA) = Witness(1);
        var (b, pubB) = Witness(2);
        var proofA = StarkProver.Prove(air, a, pubA, Options);
        var proofB = StarkProver.Prove(air, b, pubB, Options);
        var key = Key(air);
        // B's root in A's proof: the transcript starts elsewhere and the openings no longer match the root.
        var swapped = proofA with { StatementRoot = proofB.StatementRoot };
        var r = StarkVerifier.Verify(air, key, pubA, swapped.Encode());
        Assert.False(r.IsValid);
        // No root at all.
        var missing = proofA with { StatementRoot = null };
        Assert.False(StarkVerifier.Verify(air, key, pubA, missing.Encode()).IsValid);
        // A statement opening for an AIR that has no statement columns.
        var plain = System(0);
        var p0 = StarkProver.Prove(plain, a, pubA, Options);
        var extra = p0 with { StatementRoot = proofA.StatementRoot, StatementOpening = proofA.StatementOpening };
        Assert.False(StarkVerifier.Verify(plain, Key(plain), pubA, extra.Encode()).IsValid);
    }

    [Fact]
    public void Every_single_byte_change_of_the_statement_root_and_opening_is_rejected()
    {
        var air = System();
        var (a, pubA) = Witness(3);
        var proof = StarkProver.Prove(air, a, pubA, Options);
        var key = Key(air);
        var bytes = proof.Encode();
        var root = proof.StatementRoot!;
        int at = IndexOf(bytes, root);
        Assert.True(at > 0);
        for (int i = 0; i < root.Length; i++)
        {
            var m = (byte[])bytes.Clone();
            m[at + i] ^= 0x01;
            Assert.False(StarkVerifier.Verify(air, key, pubA, m).IsValid, $"root byte {i}");
        }
        // The opened statement values: change one field element of the opening.
        var rows = proof.StatementOpening!.Rows;
        var changed = rows.Select(r => (ulong[])r.Clone()).ToArray();
        changed[0][0] = Goldilocks.Add(changed[0][0], 1);
        var tampered = proof with { StatementOpening = proof.StatementOpening with { Rows = changed } };
        Assert.False(StarkVerifier.Verify(air, key, pubA, tampered.Encode()).IsValid);
    }

    [Fact]
    public void A_forged_statement_column_is_rejected()
    {
        // The malicious prover commits a statement column whose running sum is wrong at one row (the boundary still
        // holds: the prover fixes the last row), with its own checks off.
        var air = System();
        var (a, pubA) = Witness(4);
        var s = (ulong[])a[0][0].Clone();
        s[5] = Goldilocks.Add(s[5], 1);
        var forged = MaliciousProver.Prove(air, [[s, a[0][1]], a[1]], pubA, Options);
        Assert.False(StarkVerifier.Verify(air, Key(air), pubA, forged).IsValid);
    }

    [Fact]
    public void Statement_width_changes_the_air_digest_and_is_validated()
    {
        Assert.NotEqual(AirDigest.Compute(System(1)), AirDigest.Compute(System(0)));
        var e = Assert.Throws<ArgumentException>(() => System(2));
        Assert.Contains("statement width", e.Message);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
