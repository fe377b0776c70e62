using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Examples;

/// <summary>
/// A synthetic benchmark AIR of `columns` columns: c_j' = c_j² + c_(j+1 mod C) (degree 2, one constraint per column);
/// public inputs pin column 0 at the first and last rows.
/// </summary>
public sealed class WideAir(int columns, string? name = null, int publicOffset = 0) : TableAir
{
    public override string Name => name ?? $"wide{columns}";
    public override int MainWidth => columns;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [.. Enumerable.Repeat(2, columns)];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        int c = current.Length;
        for (int j = 0; j < c; j++)
        {
            var x = current[j];
            result[j] = next[j] - (x * x + current[j + 1 == c ? 0 : j + 1]);
        }
    }

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
        [new(0, BoundaryRow.First, publicInputs[publicOffset]), new(0, BoundaryRow.Last, publicInputs[publicOffset + 1])];

    public static AirSystem System(int columns) => new($"wide-{columns}", [new WideAir(columns)]);

    /// <summary>One table per height (2^logRows[i] rows, `columns` each), public inputs two per table in order.</summary>
    public static (AirSystem Air, ulong[][][] Traces, ulong[] PublicInputs) Mixed(int columns, params int[] logRows)
    {
        var tables = new List<TableAir>();
        var traces = new List<ulong[][]>();
        var pub = new List<ulong>();
        for (int i = 0; i < logRows.Length; i++)
        {
            tables.Add(new WideAir(columns, $"wide{columns}-{i}", 2 * i));
            var (trace, p) = Trace(logRows[i], columns, (ulong)i + 1);
            traces.Add(trace);
            pub.AddRange(p);
        }
        return (new AirSystem($"wide-{columns}-mixed", tables), [.. traces], [.. pub]);
    }

    /// <summary>A trace of 2^logRows rows from a seeded first row, and its public inputs.</summary>
    public static (ulong[][] Trace, ulong[] PublicInputs) Trace(int logRows, int columns, ulong seed = 1)
    {
        int n = 1 << logRows;
        var cols = new ulong[columns][];
        for (int j = 0; j < columns; j++) cols[j] = GC.AllocateUninitializedArray<ulong>(n);
        ulong s = seed;
        for (int j = 0; j < columns; j++)
        {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            cols[j][0] = Goldilocks.FromU64(s);
        }
        for (int i = 1; i < n; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                ulong x = cols[j][i - 1];
                cols[j][i] = Goldilocks.Add(Goldilocks.Mul(x, x), cols[j + 1 == columns ? 0 : j + 1][i - 1]);
            }
        }
        return (cols, [cols[0][0], cols[0][n - 1]]);
    }
}
