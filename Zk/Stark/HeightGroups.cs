namespace Wsc.Zk.Stark;

/// <summary>
/// Tables grouped by height, tallest first: each group is committed on its own LDE domain (blowup × its height) and
/// joins FRI at the layer of that size. Shared by prover, verifier and the proof format.
/// </summary>
public sealed class HeightGroups
{
    /// <summary>Log2 height of each group, strictly decreasing.</summary>
    public int[] LogHeights { get; }

    /// <summary>The group of each table.</summary>
    public int[] GroupOf { get; }

    /// <summary>The tables of each group, in table order.</summary>
    public int[][] Tables { get; }

    public HeightGroups(ReadOnlySpan<int> tableLogHeights)
    {
        LogHeights = [.. tableLogHeights.ToArray().Distinct().OrderDescending()];
        var heights = tableLogHeights.ToArray();
        GroupOf = [.. heights.Select(h => Array.IndexOf(LogHeights, h))];
        Tables = [.. LogHeights.Select(h => Enumerable.Range(0, heights.Length).Where(t => heights[t] == h).ToArray())];
    }

    public int Count => LogHeights.Length;

    /// <summary>The number of distinct heights.</summary>
    public static int CountOf(ReadOnlySpan<int> tableLogHeights) => tableLogHeights.ToArray().Distinct().Count();

    /// <summary>Distinct sorted positions of a query set reduced to a domain of 2^logSize points.</summary>
    public static int[] Reduce(ReadOnlySpan<int> positions, int logSize) =>
        [.. positions.ToArray().Select(p => p & ((1 << logSize) - 1)).Distinct().Order()];
}
