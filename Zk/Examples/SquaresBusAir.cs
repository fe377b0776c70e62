using Wsc.Zk.Air;

namespace Wsc.Zk.Examples;

/// <summary>
/// Two tables of different heights joined by a bus: "squares" produces (x, x²) for x = 0..n−1 and sends each pair;
/// "sum" receives pairs with a multiplicity column and accumulates Σ m·y, whose final value is the public input.
/// </summary>
public static class SquaresBusAir
{
    public const int Bus = 1;

    /// <summary>Columns (x, y): x' = x + 1 (transition), y = x² on every row (row constraint), x[0] = 0; sends (x, y) once per row.</summary>
    public sealed class SquaresTable : TableAir
    {
        public override string Name => "squares";
        public override int MainWidth => 2;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [1];
        public override IReadOnlyList<int> RowDegrees { get; } = [2];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        {
            result[0] = next[0] - current[0] - T.One;
        }

        public override void EvaluateRow<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> periodic, Span<T> result)
        {
            result[0] = current[1] - current[0] * current[0];
        }

        public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
            [new(0, BoundaryRow.First, 0)];

        public override IReadOnlyList<Interaction> Interactions { get; } = [Interaction.Send(Bus, LinearExpression.Const(1), 0, 1)];
    }

    /// <summary>Columns (x, y, m, s): s' = s + m'·y', m[0] = 0, s[0] = 0, s[last] = public input 0; receives (x, y) m times.</summary>
    public sealed class SumTable : TableAir
    {
        public override string Name => "sum";
        public override int MainWidth => 4;
        public override IReadOnlyList<int> TransitionDegrees { get; } = [2];

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
        {
            result[0] = next[3] - current[3] - next[2] * next[1];
        }

        public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
            [new(2, BoundaryRow.First, 0), new(3, BoundaryRow.First, 0), new(3, BoundaryRow.Last, publicInputs[0])];

        public override IReadOnlyList<Interaction> Interactions { get; } = [Interaction.Receive(Bus, 2, 0, 1)];
    }

    public static AirSystem System() => new("squares-bus", [new SquaresTable(), new SumTable()]);

    /// <summary>Traces: `squaresLog` rows of squares, `sumLog` rows of the sum table receiving every square once.</summary>
    public static (ulong[][][] Traces, ulong[] PublicInputs) Traces(int squaresLog, int sumLog)
    {
        int n = 1 << squaresLog, m = 1 << sumLog;
        if (m < n + 1) throw new ArgumentException($"the sum table needs more than {n} rows", nameof(sumLog));
        var x = new ulong[n];
        var y = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (ulong)i;
            y[i] = (ulong)i * (ulong)i;
        }
        var sx = new ulong[m];
        var sy = new ulong[m];
        var sm = new ulong[m];
        var ss = new ulong[m];
        // Row 0 is a zero row (m = 0); rows 1..n receive the squares in reverse order, the rest are padding with m = 0.
        for (int i = 0; i < n; i++)
        {
            sx[i + 1] = x[n - 1 - i];
            sy[i + 1] = y[n - 1 - i];
            sm[i + 1] = 1;
        }
        ulong acc = 0;
        for (int i = 1; i < m; i++)
        {
            acc = Field.Goldilocks.Add(acc, Field.Goldilocks.Mul(sm[i], sy[i]));
            ss[i] = acc;
        }
        return ([[x, y], [sx, sy, sm, ss]], [acc]);
    }
}
