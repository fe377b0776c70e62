using Wsc.Zk.Air;

namespace Wsc.Zk.Examples;

/// <summary>
/// 16-bit range check by LogUp: a "values" table looks each value up in a "range16" table whose preprocessed column
/// holds 0..65535 and whose main column counts how often each entry is looked up.
/// </summary>
public static class RangeCheckAir
{
    /// <summary>The bus the lookups travel on.</summary>
    public const int Bus = 0;

    /// <summary>One main column of values to range-check; each row sends its value to the range bus.</summary>
    public sealed class ValuesTable : TableAir
    {
        public override string Name => "values";
        public override int MainWidth => 1;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [];
        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) { }
        public override IReadOnlyList<Interaction> Interactions { get; } = [Interaction.Send(Bus, LinearExpression.Const(1), 0)];
    }

    /// <summary>Preprocessed column 0..65535 and a main multiplicity column; receives each entry `multiplicity` times.</summary>
    public sealed class RangeTable : TableAir
    {
        public override string Name => "range16";
        public override int MainWidth => 1;
        public override int PreprocessedWidth => 1;
        public override int? FixedLogHeight => 16;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [];
        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) { }
        public override ulong[][] GeneratePreprocessed(int height) => [[.. Enumerable.Range(0, height).Select(i => (ulong)i)]];
        public override IReadOnlyList<Interaction> Interactions { get; } = [Interaction.Receive(Bus, 1, 0)];
    }

    public static AirSystem System() => new("range-check-16", [new ValuesTable(), new RangeTable()]);

    /// <summary>Traces for the given values (padded with zeros to a power of two ≥ 2) and the multiplicities they need.</summary>
    public static ulong[][][] Traces(IReadOnlyList<ulong> values)
    {
        int n = 2;
        while (n < values.Count) n <<= 1;
        var v = new ulong[n];
        for (int i = 0; i < values.Count; i++) v[i] = values[i];
        var mult = new ulong[1 << 16];
        foreach (var x in v)
        {
            // An out-of-range value has no entry to count against: the buses will not balance and the prover refuses.
            if (x < (ulong)mult.Length) mult[x]++;
        }
        return [[v], [mult]];
    }
}
