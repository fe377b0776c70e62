using System.Buffers.Binary;
using Wsc.Storage.Crypto;

namespace Wsc.Storage.Placement;

/// <summary>Rendezvous (highest-random-weight) placement: replica r of a blob goes to the r-th highest scoring shard.</summary>
public static class Rendezvous
{
    /// <summary>The shards holding replicas 0..replicas-1 of the blob with <paramref name="root"/>, all distinct.</summary>
    public static int[] Shards(ReadOnlySpan<byte> root, int shardCount, int replicas)
    {
        if (shardCount < 1 || replicas < 1 || replicas > shardCount)
        {
            throw new ArgumentException($"placement of {replicas} replicas on {shardCount} shards: expected 1 <= replicas <= shards");
        }
        Span<byte> h = stackalloc byte[32];
        var scores = new (ulong Score, int Shard)[shardCount];
        for (var s = 0; s < shardCount; s++)
        {
            StorageKeccak.HashWithIndex(root, (uint)s, h);
            scores[s] = (BinaryPrimitives.ReadUInt64BigEndian(h), s);
        }
        // Highest score first; ties (astronomically rare) go to the lower shard id so every node agrees.
        Array.Sort(scores, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Shard.CompareTo(b.Shard));
        var result = new int[replicas];
        for (var r = 0; r < replicas; r++)
        {
            result[r] = scores[r].Shard;
        }
        return result;
    }
}
