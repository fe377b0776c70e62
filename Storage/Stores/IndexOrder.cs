namespace Wsc.Storage.Stores;

/// <summary>The canonical index order: root bytes (unsigned, lexicographic), then replica — as PostgreSQL orders bytea.</summary>
public sealed class IndexOrder : IComparer<IndexEntry>
{
    /// <summary>The one instance.</summary>
    public static readonly IndexOrder Instance = new();

    public int Compare(IndexEntry? x, IndexEntry? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        var c = x.Root.AsSpan().SequenceCompareTo(y.Root);
        return c != 0 ? c : x.Replica.CompareTo(y.Replica);
    }
}
