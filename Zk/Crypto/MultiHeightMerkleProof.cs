using System.Runtime.CompilerServices;

namespace Wsc.Zk.Crypto;

/// <summary>
/// Checks a batched opening of a <see cref="MultiHeightMerkleTree"/> against its root; never throws on bad input.
/// Every node the verifier can compute (from two opened children, or from another query's path) must not be sent,
/// and every digest sent must be used: a missing, extra or misplaced node is refused.
/// </summary>
public static class MultiHeightMerkleProof
{
    private const int D = MerkleTree.DigestSize;

    /// <summary>
    /// Null when the leaves hash up to `root` with exactly the given siblings, else why not. `logHeights` are the
    /// matrices' log2 heights, strictly decreasing; `positions` are sorted, distinct rows of the tallest; `leafDigests[m]`
    /// holds matrix m's row digests at the distinct sorted positions mod 2^logHeights[m], 32 bytes each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called a few times per proof: tier-0 code would stay (measured +2 ms a verification)
    public static string? Verify(ReadOnlySpan<byte> root, ReadOnlySpan<int> logHeights, ReadOnlySpan<int> positions, IReadOnlyList<byte[]> leafDigests, ReadOnlySpan<byte> siblings)
    {
        if (root.Length != D) return $"root has {root.Length} bytes, expected {D}";
        if (logHeights.Length == 0 || leafDigests.Count != logHeights.Length) return $"{leafDigests.Count} matrices opened, the tree has {logHeights.Length}";
        for (int m = 0; m < logHeights.Length; m++)
        {
            if (logHeights[m] is < 0 or > 30 || (m > 0 && logHeights[m] >= logHeights[m - 1])) return "matrix heights must strictly decrease within 2^0..2^30";
        }
        if (positions.Length == 0) return "no positions opened";
        if (siblings.Length % D != 0) return $"sibling bytes {siblings.Length} are not a whole number of digests";
        int depth = logHeights[0];
        var ids = positions.ToArray();
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= 1u << depth) return $"position {ids[i]} outside a tree of 2^{depth} leaves";
            if (i > 0 && ids[i] <= ids[i - 1]) return "positions must be sorted and distinct";
        }
        if (leafDigests[0].Length != ids.Length * D) return $"matrix 0 has {leafDigests[0].Length / D} row digests for {ids.Length} positions";
        var hashes = (byte[])leafDigests[0].Clone();
        int used = 0, next = 1;
        Span<byte> pair = stackalloc byte[2 * D];
        for (int k = 0; k < depth; k++)
        {
            int half = 1 << (depth - k - 1);
            var parents = Parents(ids, half, out var leftOnPath, out var rightOnPath);
            var up = new byte[parents.Length * D];
            // The ids below half (left children) and the rest (right children) are each sorted, and so are the parents:
            // one cursor per side walks them in step.
            int a = 0, b = LeftCount(ids, half);
            for (int i = 0; i < parents.Length; i++)
            {
                for (int side = 0; side < 2; side++)
                {
                    var dest = pair.Slice(side * D, D);
                    if (side == 0 ? leftOnPath[i] : rightOnPath[i])
                    {
                        int at = side == 0 ? a++ : b++;
                        hashes.AsSpan(at * D, D).CopyTo(dest);
                    }
                    else
                    {
                        if (used + D > siblings.Length) return $"siblings run out at level {k} ({siblings.Length / D} given)";
                        siblings.Slice(used, D).CopyTo(dest);
                        used += D;
                    }
                }
                MerkleHash.Node(pair, up.AsSpan(i * D, D));
            }
            if (next < logHeights.Length && logHeights[next] == depth - k - 1)
            {
                var joined = leafDigests[next];
                if (joined.Length != parents.Length * D) return $"matrix {next} has {joined.Length / D} row digests for {parents.Length} positions";
                for (int i = 0; i < parents.Length; i++)
                {
                    up.AsSpan(i * D, D).CopyTo(pair);
                    joined.AsSpan(i * D, D).CopyTo(pair[D..]);
                    MerkleHash.Inject(pair, up.AsSpan(i * D, D));
                }
                next++;
            }
            ids = parents;
            hashes = up;
        }
        if (next != logHeights.Length) return $"matrix {next} of 2^{logHeights[next]} rows is below the tree's levels";
        if (used != siblings.Length) return $"{(siblings.Length - used) / D} siblings left over (a node the verifier computes was sent, or an extra one)";
        return hashes.AsSpan(0, D).SequenceEqual(root) ? null : "opened rows do not hash to the committed root";
    }

    /// <summary>
    /// The sorted distinct parents (id mod half) of the sorted distinct ids of a level of 2·half nodes, and for each
    /// whether its left child (parent) and right child (parent + half) are among the ids.
    /// </summary>
    public static int[] Parents(int[] ids, int half, out bool[] leftOnPath, out bool[] rightOnPath)
    {
        int split = LeftCount(ids, half);
        var parents = new List<int>(ids.Length);
        var left = new List<bool>(ids.Length);
        var right = new List<bool>(ids.Length);
        int a = 0, b = split;
        while (a < split || b < ids.Length)
        {
            int l = a < split ? ids[a] : int.MaxValue, r = b < ids.Length ? ids[b] - half : int.MaxValue;
            int p = Math.Min(l, r);
            parents.Add(p);
            left.Add(l == p);
            right.Add(r == p);
            if (l == p) a++;
            if (r == p) b++;
        }
        leftOnPath = [.. left];
        rightOnPath = [.. right];
        return [.. parents];
    }

    private static int LeftCount(int[] ids, int half)
    {
        int i = Array.BinarySearch(ids, half);
        return i >= 0 ? i : ~i;
    }
}
