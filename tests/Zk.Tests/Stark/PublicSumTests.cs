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
    private sealed class TermsTable(IReadOnlyList<PublicInteraction> terms) : TableAir
    {
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
}
