using Wsc.Zk.Air;

namespace Wsc.Zk.Stark;

// Prover-side half of VerifyingKey: committing the preprocessed columns needs the LDE, which a verifier never links.
public sealed partial class VerifyingKey
{
    /// <summary>A key that allows exactly these table heights.</summary>
    public static VerifyingKey Create(AirSystem air, int[] logHeights, ProofOptions options)
    {
        if (logHeights.Length != air.Tables.Count) throw new ArgumentException($"expected {air.Tables.Count} log heights, got {logHeights.Length}", nameof(logHeights));
        return Create(air, [.. logHeights.Select(HeightRange.Exactly)], options);
    }

    /// <summary>
    /// A key that allows each table the given heights: digests the AIR and commits its preprocessed columns once for
    /// every height of the tallest table the ranges allow (the preprocessed LDE spans the tallest table's domain).
    /// </summary>
    public static VerifyingKey Create(AirSystem air, IReadOnlyList<HeightRange> heights, ProofOptions options)
    {
        var checkedHeights = CheckHeights(air, heights, options);
        var roots = new SortedDictionary<int, byte[]>();
        if (air.Tables.Any(t => t.PreprocessedWidth > 0))
        {
            int lo = checkedHeights.Max(h => h.MinLog), hi = checkedHeights.Max(h => h.MaxLog);
            int logB = System.Numerics.BitOperations.Log2((uint)options.Blowup);
            var fixedHeights = checkedHeights.Select(h => h.MinLog).ToArray();
            var cols = PreprocessedColumns(air, fixedHeights);
            for (int logN = lo; logN <= hi; logN++) roots[logN] = LdeMatrix.FromEvaluations(cols, logN, logB).Tree.Root;
        }
        return FromParts(air, checkedHeights, options, roots);
    }

    /// <summary>All tables' preprocessed columns in table order, checked for shape and canonical values.</summary>
    public static List<ulong[]> PreprocessedColumns(AirSystem air, int[] logHeights)
    {
        var cols = new List<ulong[]>();
        for (int t = 0; t < air.Tables.Count; t++)
        {
            var table = air.Tables[t];
            if (table.PreprocessedWidth == 0) continue;
            int n = 1 << logHeights[t];
            var p = table.GeneratePreprocessed(n);
            if (p.Length != table.PreprocessedWidth) throw new ArgumentException($"table '{table.Name}': generated {p.Length} preprocessed columns, declared {table.PreprocessedWidth}");
            foreach (var c in p)
            {
                if (c.Length != n) throw new ArgumentException($"table '{table.Name}': preprocessed column has {c.Length} rows, expected {n}");
                if (c.Any(v => v >= Field.Goldilocks.P)) throw new ArgumentException($"table '{table.Name}': preprocessed value not below p");
                cols.Add(c);
            }
        }
        return cols;
    }
}
