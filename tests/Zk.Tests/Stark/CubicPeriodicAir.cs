using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Tests.Stark;

/// <summary>x' = x³ + k where k is a periodic column [5, 7, 11, 13]: a degree-3 constraint (quotient factor 2) and periodic values.</summary>
internal sealed class CubicPeriodicAir : TableAir
{
    private static readonly ulong[] Period = [5, 7, 11, 13];

    public override string Name => "cubic";
    public override int MainWidth => 1;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [3];
    public override IReadOnlyList<ulong[]> PeriodicColumns { get; } = [Period];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        var x = current[0];
        result[0] = next[0] - (x * x * x + periodic[0]);
    }

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
        [new(0, BoundaryRow.First, publicInputs[0]), new(0, BoundaryRow.Last, publicInputs[1])];

    public static AirSystem System() => new("cubic-periodic", [new CubicPeriodicAir()]);

    public static (ulong[][] Trace, ulong[] PublicInputs) Trace(int logRows, ulong start)
    {
        int n = 1 << logRows;
        var x = new ulong[n];
        x[0] = start;
        for (int i = 1; i < n; i++) x[i] = Goldilocks.Add(Goldilocks.Mul(Goldilocks.Mul(x[i - 1], x[i - 1]), x[i - 1]), Period[(i - 1) % 4]);
        return ([x], [start, x[n - 1]]);
    }
}
