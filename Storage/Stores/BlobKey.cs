namespace Wsc.Storage.Stores;

/// <summary>One stored replica: the shard that holds it, the blob root and the replica number.</summary>
public readonly record struct BlobKey(int Shard, string RootHex, int Replica)
{
    /// <summary>The key of <paramref name="root"/> (32 bytes) on a shard.</summary>
    public static BlobKey Of(int shard, ReadOnlySpan<byte> root, int replica) =>
        new(shard, "0x" + Convert.ToHexStringLower(root), replica);

    /// <summary>The root as bytes.</summary>
    public byte[] Root => Convert.FromHexString(RootHex.AsSpan(2));
}
