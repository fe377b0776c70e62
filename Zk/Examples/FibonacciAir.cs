using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Examples;

/// <summary>Two columns (a, b) with a' = b, b' = a + b; public inputs [a0, b0, b at the last row].</summary>
public sealed class FibonacciAir : TableAir
{
    public override string Name => "fibonacci";
    public override int MainWidth => 2;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [1, 1];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        result[0] = next[0] - current[1];
        result[1] = next[1] - (current[0] + current[1]);
    }

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
    [
        new(0, BoundaryRow.First, publicInputs[0]),
        new(1, BoundaryRow.First, publicInputs[1]),
        new(1, BoundaryRow.Last, publicInputs[2]),
    ];

    public static AirSystem System() => new("fibonacci", [new FibonacciAir()]);

    /// <summary>The trace for 2^logRows rows from (a0, b0) and the public inputs it proves.</summary>
    public static (ulong[][] Trace, ulong[] PublicInputs) Trace(int logRows, ulong a0 = 1, ulong b0 = 1)
    {
        int n = 1 << logRows;
        var a = new ulong[n];
        var b = new ulong[n];
        a[0] = a0;
        b[0] = b0;
        for (int i = 1; i < n; i++)
        {
            a[i] = b[i - 1];
            b[i] = Goldilocks.Add(a[i - 1], b[i - 1]);
        }
        return ([a, b], [a0, b0, b[n - 1]]);
    }
}
