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
    /// the tables of each fixed height on that height's LDE domain, all heights in one multi-height tree (as the prover does).
    /// </summary>
    public static VerifyingKey Create(AirSystem air, IReadOnlyList<HeightRange> heights, ProofOptions options)
    {
        var checkedHeights = CheckHeights(air, heights, options);
        int[] logs = [.. air.Tables.Where(t => t.PreprocessedWidth > 0).Select(t => t.FixedLogHeight!.Value).Distinct().OrderDescending()];
        if (logs.Length == 0) return FromParts(air, checkedHeights, options, [], null);
        int logB = System.Numerics.BitOperations.Log2((uint)options.Blowup);
        var fixedHeights = checkedHeights.Select(h => h.MinLog).ToArray();
        var all = PreprocessedColumns(air, fixedHeights);
        var leaves = new List<Crypto.MerkleLeaves>();
        foreach (int log in logs)
        {
            var cols = new List<ulong[]>();
            int at = 0;
            for (int t = 0; t < air.Tables.Count; t++)
            {
                int w = air.Tables[t].PreprocessedWidth;
                if (w > 0 && fixedHeights[t] == log) cols.AddRange(all.Skip(at).Take(w));
                at += w;
            }
            leaves.Add(LdeMatrix.FromEvaluations(cols, log, logB).Leaves);
        }
        return FromParts(air, checkedHeights, options, logs, Crypto.MultiHeightMerkleTree.Commit(leaves).Root);
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
