using Wsc.Zk.Air;
using Wsc.Zk.Examples;
using Wsc.Zk.Field;
using Wsc.Zk.Fri;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

/// <summary>Tables at their own heights: each height group is committed on its own domain and joins FRI at its size.</summary>
public sealed class MixedHeightTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    /// <summary>x' = x + step, x[0] = 0: a counter whose step tells the tables apart.</summary>
    private sealed class CounterTable(string name, ulong step) : TableAir
    {
        public override string Name => name;
        public override int MainWidth => 2;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [1, 2];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        {
            result[0] = next[0] - current[0] - T.FromBase(step);
            result[1] = next[1] - current[0] * current[0];
        }

        public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
            [new(0, BoundaryRow.First, 0)];

        public static ulong[][] Trace(int logRows, ulong step)
        {
            int n = 1 << logRows;
            var x = new ulong[n];
            var y = new ulong[n];
            for (int i = 1; i < n; i++)
            {
                x[i] = Goldilocks.Add(x[i - 1], step);
                y[i] = Goldilocks.Mul(x[i - 1], x[i - 1]);
            }
            return [x, y];
        }
    }

    private static AirSystem Three() => new("three-heights", [new CounterTable("tall", 1), new CounterTable("mid", 2), new CounterTable("short", 3)]);

    private static ulong[][][] Traces() => [CounterTable.Trace(10, 1), CounterTable.Trace(6, 2), CounterTable.Trace(2, 3)];

    [Fact]
    public void Three_tables_of_three_heights_prove_in_three_groups_and_verify()
    {
        var air = Three();
        var traces = Traces();
        Assert.Null(TraceChecker.Check(air, traces, []));
        var proof = StarkProver.Prove(air, traces, [], Options);
        Assert.Equal(3, proof.MainOpening.Rows.Length);
        var key = VerifyingKey.Create(air, [new HeightRange(1, 12), new HeightRange(1, 12), new HeightRange(1, 12)], Options);
        var r = StarkVerifier.Verify(air, key, [], proof.Encode());
        Assert.True(r.IsValid, r.Reason);
        // Two tables of one height share a group.
        var two = StarkProver.Prove(air, [CounterTable.Trace(6, 1), CounterTable.Trace(6, 2), CounterTable.Trace(3, 3)], [], Options);
        Assert.Equal(2, two.MainOpening.Rows.Length);
        Assert.True(StarkVerifier.Verify(air, key, [], two.Encode()).IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_broken_cell_in_any_group_is_rejected(int table)
    {
        var air = Three();
        var traces = Traces();
        traces[table][1][2] = Goldilocks.Add(traces[table][1][2], 1);
        var r = StarkVerifier.Verify(air, [], MaliciousProver.Prove(air, traces, [], Options), Options);
        Assert.False(r.IsValid);
        Assert.Contains("out-of-domain", r.Reason);
    }

    [Fact]
    public void Mutations_of_a_mixed_height_proof_are_rejected_cleanly()
    {
        var air = Three();
        var bytes = StarkProver.Prove(air, Traces(), [], Options).Encode();
        var rng = new Random(3);
        for (int i = 0; i < 1000; i++)
        {
            var copy = (byte[])bytes.Clone();
            int at = rng.Next(copy.Length);
            copy[at] ^= (byte)rng.Next(1, 256);
            Assert.False(StarkVerifier.Verify(air, [], copy, Options).IsValid, $"mutation at byte {at} was accepted");
        }
    }

    [Fact]
    public void The_fri_plan_folds_onto_every_batch_size()
    {
        // LDE sizes 2^14, 2^12, 2^4 with blowup 4, folding 8: 14 → 12 (by 4) → 9 → 6 → 4 (by 4), then degree 4 ≤ 8.
        var (arities, remainder) = FriFolding.Plan([14, 12, 4], 2, 8, 8);
        Assert.Equal([2, 3, 3, 2], arities);
        Assert.Equal(4, remainder);
        var (single, rem1) = FriFolding.Plan([22], 2, 8, 32);
        Assert.Equal([3, 3, 3, 3, 3], single);
        Assert.Equal(32, rem1);
    }

    [Fact]
    public void A_short_table_beside_a_tall_one_is_cheaper_than_the_tall_one_twice()
    {
        // Proof-size check of the multi-height design: the short table's rows join the tall one's tree, so its opening
        // adds fewer rows (distinct positions mod its height) than a second tall table would, and no sibling
        // (MultiHeightMerkleTests.Shorter_matrices_add_no_sibling_to_an_opening: the two proofs here draw different
        // positions, so their sibling counts differ by chance, by a sibling or two either way).
        var air = new AirSystem("pair", [new CounterTable("tall", 1), new CounterTable("short", 2)]);
        var mixed = StarkProver.Prove(air, [CounterTable.Trace(10, 1), CounterTable.Trace(3, 2)], [], Options);
        var even = StarkProver.Prove(air, [CounterTable.Trace(10, 1), CounterTable.Trace(10, 2)], [], Options);
        Assert.True(mixed.MainOpening.Rows.Sum(r => r.Length) < even.MainOpening.Rows.Sum(r => r.Length));
        Assert.True(StarkVerifier.Verify(air, [], mixed.Encode(), Options).IsValid);
        Assert.True(StarkVerifier.Verify(air, [], even.Encode(), Options).IsValid);
    }
}
