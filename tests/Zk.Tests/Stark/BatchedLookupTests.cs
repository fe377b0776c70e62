using Wsc.Zk.Air;
using Wsc.Zk.Examples;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

public sealed class BatchedLookupTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    /// <summary>Three value columns, each range-checked, with two lookups per helper column (degree-3 LogUp).</summary>
    private sealed class ThreeValues : TableAir
    {
        public override string Name => "three-values";
        public override int MainWidth => 3;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [];
        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) { }
        public override int InteractionsPerAuxColumn => 2;
        public override IReadOnlyList<Interaction> Interactions { get; } =
        [
            Interaction.Send(RangeCheckAir.Bus, LinearExpression.Const(1), 0),
            Interaction.Send(RangeCheckAir.Bus, LinearExpression.Const(1), 1),
            Interaction.Send(RangeCheckAir.Bus, LinearExpression.Const(1), 2),
        ];
    }

    private static (AirSystem Air, ulong[][][] Traces) Build(ulong[][] values)
    {
        var mult = new ulong[1 << 16];
        foreach (var col in values)
            foreach (var v in col) mult[v]++;
        return (new AirSystem("three-range", [new ThreeValues(), new RangeCheckAir.RangeTable()]), [values, [mult]]);
    }

    [Fact]
    public void Two_lookups_per_helper_column_prove_and_verify()
    {
        var (air, traces) = Build([[1, 2, 3, 4], [65535, 0, 9, 9], [300, 301, 302, 303]]);
        Assert.Equal(2 + 1, TableLayout.For(air)[0].AuxExtWidth); // two helpers (2 + 1 lookups) and the running sum
        Assert.Equal(3, TableLayout.For(air)[0].MaxDegree);
        Assert.Null(TraceChecker.Check(air, traces, []));
        var proof = StarkProver.Prove(air, traces, [], Options);
        var key = VerifyingKey.Create(air, proof.LogHeights, Options);
        var result = StarkVerifier.Verify(air, key, [], proof.Encode());
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void A_tampered_helper_column_opening_is_rejected()
    {
        var (air, traces) = Build([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
        var proof = StarkProver.Prove(air, traces, [], Options);
        var rows = proof.AuxOpening!.Rows.Select(r => (ulong[])r.Clone()).ToArray();
        rows[0][0] = Wsc.Zk.Field.Goldilocks.Add(rows[0][0], 1);
        var tampered = proof with { AuxOpening = proof.AuxOpening with { Rows = rows } };
        var result = StarkVerifier.Verify(air, VerifyingKey.Create(air, proof.LogHeights, Options), [], tampered);
        Assert.False(result.IsValid);
        Assert.Contains("auxiliary", result.Reason);
    }
}
