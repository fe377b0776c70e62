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
    /// A key that allows each table the given heights: digests the AIR and commits its preprocessed columns, those of
    /// the tables of each fixed height in one tree on that height's LDE domain (as the prover does).
    /// </summary>
    public static VerifyingKey Create(AirSystem air, IReadOnlyList<HeightRange> heights, ProofOptions options)
    {
        var checkedHeights = CheckHeights(air, heights, options);
        var roots = new SortedDictionary<int, byte[]>();
        if (air.Tables.Any(t => t.PreprocessedWidth > 0))
        {
            int logB = System.Numerics.BitOperations.Log2((uint)options.Blowup);
            var fixedHeights = checkedHeights.Select(h => h.MinLog).ToArray();
            var all = PreprocessedColumns(air, fixedHeights);
            foreach (int log in air.Tables.Where(t => t.PreprocessedWidth > 0).Select(t => t.FixedLogHeight!.Value).Distinct())
            {
                var cols = new List<ulong[]>();
                int at = 0;
                for (int t = 0; t < air.Tables.Count; t++)
                {
                    int w = air.Tables[t].PreprocessedWidth;
                    if (w > 0 && fixedHeights[t] == log) cols.AddRange(all.Skip(at).Take(w));
                    at += w;
                }
                roots[log] = LdeMatrix.FromEvaluations(cols, log, logB).Tree.Root;
            }
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
