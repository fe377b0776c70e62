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
    public void The_root_is_known_before_proving()
    {
        // StarkProver.StatementRoot gives, from the traces alone, the root the proof will carry: a caller can derive a
        // challenge from it first and then prove with that challenge among the public inputs.
        var air = System();
        var (a, pubA) = Witness(5);
        var before = StarkProver.StatementRoot(air, a, Options);
        Assert.NotNull(before);
        Assert.Equal(before, StarkProver.Prove(air, a, pubA, Options).StatementRoot);
        Assert.Null(StarkProver.StatementRoot(System(0), a, Options));
        Assert.NotEqual(before, StarkProver.StatementRoot(air, Witness(6).Traces, Options));
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

    // A richer layout: two tables with statement columns beside one without in the tall group (widths 5/2, 2/0, 4/1),
    // a short group, constraints of every kind on statement columns (transition, row, boundary, a bus between the two
    // tall tables' statement columns), and variants where only some tables or only the short group have them. An
    // offset slip anywhere in the prover's or verifier's column order makes the honest proofs fail.

    /// <summary>s0, s1 (statement when sw allows), a' = a + s0', b = s0·s1, c = 7 throughout; sends s1 on bus 1.</summary>
    private sealed class Wide(int sw) : TableAir
    {
        public override string Name => "wide";
        public override int MainWidth => 5;
        public override int StatementWidth => sw;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [1, 1];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        {
            result[0] = next[2] - current[2] - next[0];
            result[1] = next[4] - current[4];
        }

        public override IReadOnlyList<int> RowDegrees { get; } = [2];

        public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r) => r[0] = c[3] - c[0] * c[1];

        public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
            [new(4, BoundaryRow.First, 7), new(0, BoundaryRow.Last, publicInputs[0])];

        public override IReadOnlyList<Interaction> Interactions { get; } = [Interaction.Send(1, LinearExpression.Const(1), 1)];
    }

    /// <summary>x' = x + 1, y free; never statement columns.</summary>
    private sealed class Plain : TableAir
    {
        public override string Name => "plain";
        public override int MainWidth => 2;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [1];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            result[0] = next[0] - current[0] - T.One;
    }

    /// <summary>s (statement when sw = 1), p = 2s, q' = q + s, r free; receives s on bus 1.</summary>
    private sealed class Narrow(int sw) : TableAir
    {
        public override string Name => "narrow";
        public override int MainWidth => 4;
        public override int StatementWidth => sw;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [1];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            result[0] = next[2] - current[2] - current[0];

        public override IReadOnlyList<int> RowDegrees { get; } = [1];

        public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r) => r[0] = c[1] - T.FromBase(2) * c[0];

        public override IReadOnlyList<Interaction> Interactions { get; } = [Interaction.Receive(1, LinearExpression.Const(1), 0)];
    }

    /// <summary>A shorter table: s (statement when sw = 1), t' = t + s'.</summary>
    private sealed class Short(int sw) : TableAir
    {
        public override string Name => "short";
        public override int MainWidth => 2;
        public override int StatementWidth => sw;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [1];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            result[0] = next[1] - current[1] - next[0];
    }

    private static AirSystem Rich(int wide, int narrow, int shortWidth) =>
        new($"rich-{wide}{narrow}{shortWidth}", [new Wide(wide), new Plain(), new Narrow(narrow), new Short(shortWidth)]);

    private static (ulong[][][] Traces, ulong[] Pub) RichWitness(ulong seed)
    {
        const int N = 64, M = 8;
        var rng = new Random((int)seed);
        ulong R() => (ulong)rng.NextInt64() % Goldilocks.P;
        ulong[] s0 = new ulong[N], s1 = new ulong[N], a = new ulong[N], b = new ulong[N], c = new ulong[N];
        ulong[] x = new ulong[N], y = new ulong[N], p = new ulong[N], q = new ulong[N], r = new ulong[N];
        for (int i = 0; i < N; i++)
        {
            s0[i] = R();
            s1[i] = R();
            a[i] = i == 0 ? R() : Goldilocks.Add(a[i - 1], s0[i]);
            b[i] = Goldilocks.Mul(s0[i], s1[i]);
            c[i] = 7;
            x[i] = (ulong)i;
            y[i] = R();
            p[i] = Goldilocks.Add(s1[i], s1[i]);
            q[i] = i == 0 ? 0 : Goldilocks.Add(q[i - 1], s1[i - 1]);
            r[i] = R();
        }
        ulong[] ss = new ulong[M], t = new ulong[M];
        for (int i = 0; i < M; i++)
        {
            ss[i] = R();
            t[i] = i == 0 ? R() : Goldilocks.Add(t[i - 1], ss[i]);
        }
        // The narrow table receives the wide one's s1 in another order.
        var perm = s1.Reverse().ToArray();
        var pPerm = perm.Select(v => Goldilocks.Add(v, v)).ToArray();
        var qPerm = new ulong[N];
        for (int i = 1; i < N; i++) qPerm[i] = Goldilocks.Add(qPerm[i - 1], perm[i - 1]);
        return ([[s0, s1, a, b, c], [x, y], [perm, pPerm, qPerm, r], [ss, t]], [s0[N - 1]]);
    }

    private static VerifyingKey RichKey(AirSystem air) => VerifyingKey.Create(air, [.. Enumerable.Repeat(new HeightRange(1, 12), 4)], Options);

    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 1)]
    [InlineData(2, 0, 0)]
    public void Statement_columns_anywhere_in_a_rich_layout_prove_and_every_opened_value_is_bound(int wide, int narrow, int shortWidth)
    {
        var air = Rich(wide, narrow, shortWidth);
        var (traces, pub) = RichWitness(11);
        Assert.Null(TraceChecker.Check(air, traces, pub));
        var proof = StarkProver.Prove(air, traces, pub, Options);
        var key = RichKey(air);
        var r = StarkVerifier.Verify(air, key, pub, proof.Encode());
        Assert.True(r.IsValid, r.Reason);
        Assert.Equal(StarkProver.StatementRoot(air, traces, Options), r.StatementRoot);
        // Every opened statement value, in every group and column, is bound by the root.
        var rows = proof.StatementOpening!.Rows;
        for (int m = 0; m < rows.Length; m++)
        {
            for (int e = 0; e < rows[m].Length; e += Math.Max(1, rows[m].Length / 7))
            {
                var changed = rows.Select(x => (ulong[])x.Clone()).ToArray();
                changed[m][e] = Goldilocks.Add(changed[m][e], 1);
                var bad = proof with { StatementOpening = proof.StatementOpening with { Rows = changed } };
                var rb = StarkVerifier.Verify(air, key, pub, bad.Encode());
                Assert.False(rb.IsValid);
                Assert.Contains("statement", rb.Reason);
            }
        }
    }

    [Fact]
    public void A_proof_that_absorbs_one_statement_root_and_opens_another_tree_is_rejected_at_the_statement_opening()
    {
        var air = Rich(2, 1, 1);
        var (traces, pub) = RichWitness(12);
        var other = StarkProver.StatementRoot(air, RichWitness(13).Traces, Options)!;
        var forged = StarkProver.ProveUnchecked(air, traces, pub, Options, new ProverFaults { ClaimedStatementRoot = other });
        Assert.Equal(other, forged.StatementRoot);
        var r = StarkVerifier.Verify(air, RichKey(air), pub, forged.Encode());
        Assert.False(r.IsValid);
        Assert.Contains("statement", r.Reason);
    }

    [Fact]
    public void The_transcript_starts_from_the_statement_root()
    {
        var air = Rich(2, 1, 1);
        var rootA = StarkProver.StatementRoot(air, RichWitness(1).Traces, Options)!;
        var rootB = StarkProver.StatementRoot(air, RichWitness(2).Traces, Options)!;
        Ext3 Draw(byte[]? root) => ProtocolTranscript.Start(air, Options, ProtocolTranscript.StartRoots(null, root), [6, 6, 6, 3], [1]).DrawExt();
        Assert.NotEqual(Draw(rootA), Draw(rootB));
        Assert.NotEqual(Draw(rootA), Draw(null));
        Assert.Equal(Draw(rootA), Draw((byte[])rootA.Clone()));
    }

    [Fact]
    public void Malformed_statement_fields_are_refused_with_one_line()
    {
        var air = System();
        var (a, pubA) = Witness(7);
        var proof = StarkProver.Prove(air, a, pubA, Options);
        var bytes = proof.Encode();
        // Magic 8, version 2, options 7, table count 4, two heights, the preprocessed flag (0), then the statement flag.
        int flagAt = 8 + 2 + 7 + 4 + 2 + 1;
        Assert.Equal(1, bytes[flagAt]);
        var bad = (byte[])bytes.Clone();
        bad[flagAt] = 2;
        var e = Assert.Throws<ProofFormatException>(() => StarkProof.Decode(bad));
        Assert.Contains("statement root presence", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        var r = StarkVerifier.Verify(air, Key(air), pubA, bad);
        Assert.False(r.IsValid);
        // A root of 31 bytes handed in memory: refused, not thrown.
        var shortRoot = proof with { StatementRoot = proof.StatementRoot![..31] };
        Assert.False(StarkVerifier.Verify(air, Key(air), pubA, shortRoot).IsValid);
        // The opening with a matrix too many, and with a row dropped.
        var extra = proof with { StatementOpening = proof.StatementOpening! with { Rows = [.. proof.StatementOpening.Rows, [1, 2]] } };
        Assert.False(StarkVerifier.Verify(air, Key(air), pubA, extra.Encode()).IsValid);
        var dropped = proof with { StatementOpening = proof.StatementOpening! with { Rows = [proof.StatementOpening.Rows[0][1..]] } };
        Assert.False(StarkVerifier.Verify(air, Key(air), pubA, dropped.Encode()).IsValid);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
