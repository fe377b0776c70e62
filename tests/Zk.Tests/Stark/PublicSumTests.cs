using Wsc.Zk.Air;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Tests.Stark;

/// <summary>
/// The public bus terms' LogUp sum, which the verifier inverts in one batch: it must equal the term-by-term sum, and a
/// term whose fingerprint equals α must still be refused (not silently zero the whole batch).
/// </summary>
public sealed class PublicSumTests
{
    /// <summary>Two values a row on bus 3; the public terms are whatever the test hands in.</summary>
    private sealed class TermsTable(IReadOnlyList<PublicInteraction> terms, IReadOnlyList<PublicRun>? runs = null) : TableAir
    {
        public override IReadOnlyList<PublicRun> PublicRuns(ReadOnlySpan<ulong> publicInputs) => runs ?? [];
        public override string Name => "terms";
        public override int MainWidth => 2;
        public override IReadOnlyList<int> TransitionDegrees => [];
        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) { }
        public override IReadOnlyList<Interaction> Interactions =>
            [Interaction.Send(3, LinearExpression.Const(1), LinearExpression.Column(0), LinearExpression.Column(1))];
        public override IReadOnlyList<PublicInteraction> PublicInteractions(ReadOnlySpan<ulong> publicInputs) => terms;
    }

    private static readonly Ext3 Alpha = new(11, 22, 33);
    private static readonly Ext3 Beta = new(5, 7, 9);

    private static Ext3 Fingerprint(PublicInteraction p)
    {
        Ext3 acc = Ext3.FromBase((ulong)p.Bus), bp = Beta;
        foreach (var v in p.Values)
        {
            acc += bp.MulBase(Goldilocks.FromU64(v));
            bp *= Beta;
        }
        return acc;
    }

    [Fact]
    public void The_batched_sum_equals_the_sum_of_each_terms_own_inverse()
    {
        var rng = new Random(3);
        var terms = Enumerable.Range(0, 5000).Select(i => i % 3 == 0
            ? PublicInteraction.Receive(3, (ulong)rng.Next(1, 9), (ulong)rng.NextInt64(), (ulong)rng.NextInt64())
            : PublicInteraction.Send(3, (ulong)rng.Next(1, 9), (ulong)rng.NextInt64(), (ulong)rng.NextInt64())).ToList();
        var air = new AirSystem("sum", [new TermsTable(terms)]);

        Ext3 expected = Ext3.Zero;
        foreach (var p in terms)
        {
            var term = Ext3.FromBase(p.Multiplicity) * (Alpha - Fingerprint(p)).Inverse();
            expected += p.IsSend ? term : -term;
        }

        var sum = LogUp.PublicSum(air, [], Alpha, Beta, out var error);
        Assert.Null(error);
        Assert.Equal(expected, sum);
        Assert.NotEqual(Ext3.Zero, expected);
    }

    [Fact]
    public void A_term_whose_fingerprint_is_alpha_is_refused_however_many_terms_surround_it()
    {
        // α drawn equal to one term's fingerprint (a 1-in-|F³| event for an honest draw): that term has no inverse.
        var terms = Enumerable.Range(0, 100).Select(i => PublicInteraction.Send(3, 1, (ulong)i + 1, (ulong)i * 7)).ToList();
        var air = new AirSystem("sum", [new TermsTable(terms)]);
        var alpha = Fingerprint(terms[57]);
        Assert.ThrowsAny<ArithmeticException>(() => LogUp.PublicSum(air, [], alpha, Beta, out _));
    }

    [Fact]
    public void A_run_sums_as_its_terms_one_by_one_and_one_past_the_inputs_or_on_a_wider_bus_is_refused()
    {
        var rng = new Random(5);
        var pub = Enumerable.Range(0, 3000).Select(_ => (ulong)rng.Next(256)).ToArray();
        PublicRun[] runs = [new(3, false, 1000, 0, 2000), new(3, true, 77, 2000, 1000), new(3, false, 5, 10, 0)];
        var terms = runs.SelectMany(r => r.Expand(pub)).ToList();
        var asRuns = LogUp.PublicSum(new AirSystem("runs", [new TermsTable([], runs)]), pub, Alpha, Beta, out var error);
        Assert.Null(error);
        var asTerms = LogUp.PublicSum(new AirSystem("terms", [new TermsTable(terms)]), pub, Alpha, Beta, out error);
        Assert.Null(error);
        Assert.Equal(asTerms, asRuns);
        Assert.NotEqual(Ext3.Zero, asRuns!.Value);
        // A changed value changes the sum.
        var other = (ulong[])pub.Clone();
        other[1500] ^= 1;
        Assert.NotEqual(asRuns, LogUp.PublicSum(new AirSystem("runs", [new TermsTable([], runs)]), other, Alpha, Beta, out _));

        Assert.Null(LogUp.PublicSum(new AirSystem("past", [new TermsTable([], [new PublicRun(3, false, 0, 2999, 2)])]), pub, Alpha, Beta, out error));
        Assert.Contains("past the 3000 public inputs", error);
        Assert.Null(LogUp.PublicSum(new AirSystem("bus", [new TermsTable([], [new PublicRun(4, false, 0, 0, 2)])]), pub, Alpha, Beta, out error));
        Assert.Contains("bus 4", error);
    }

    [Fact]
    public void A_run_term_whose_fingerprint_is_alpha_is_refused()
    {
        var pub = Enumerable.Range(0, 40000).Select(i => (ulong)(i % 251)).ToArray();
        var run = new PublicRun(3, false, 100, 0, pub.Length);
        var air = new AirSystem("run", [new TermsTable([], [run])]);
        var alpha = Fingerprint(run.Expand(pub).ElementAt(30000));
        Assert.ThrowsAny<ArithmeticException>(() => LogUp.PublicSum(air, pub, alpha, Beta, out _));
    }
}
