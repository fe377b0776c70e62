using Wsc.Zk.Air;

namespace Wsc.Zk.Stark;

/// <summary>What a verifier must know beyond the AIR: the commitment to the preprocessed columns for given table heights.</summary>
public sealed record VerifyingKey(int[] LogHeights, byte[]? PreprocessedRoot)
{
    /// <summary>Commits the AIR's preprocessed columns for these heights (the prover does the same), or null root when there are none.</summary>
    public static VerifyingKey Create(AirSystem air, int[] logHeights, ProofOptions options)
    {
        if (logHeights.Length != air.Tables.Count) throw new ArgumentException($"expected {air.Tables.Count} log heights, got {logHeights.Length}", nameof(logHeights));
        var cols = PreprocessedColumns(air, logHeights);
        if (cols.Count == 0) return new VerifyingKey([.. logHeights], null);
        int logN = logHeights.Max(), logB = System.Numerics.BitOperations.Log2((uint)options.Blowup);
        return new VerifyingKey([.. logHeights], LdeMatrix.FromEvaluations(cols, logN, logB).Tree.Root);
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
