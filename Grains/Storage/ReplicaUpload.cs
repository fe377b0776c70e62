using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Placement;
using Wsc.Storage.Tags;

namespace Wsc.Grains.Storage;

/// <summary>Stores blobs whose roots were just computed from their bytes on every replica's shard (the put's data path).</summary>
internal static class ReplicaUpload
{
    // Up to this many blobs go to a shard in one call/transaction: large enough to amortise round trips,
    // small enough that a 10 MiB file spreads over shards in parallel.
    private const int BlobsPerShardCall = 8;

    /// <summary>Tags each blob and stores it on its <see cref="StorageOptions.Replicas"/> shards; idempotent.</summary>
    public static Task StoreAsync(IGrainFactory grains, StorageOptions options, BlobTagger tagger, IReadOnlyList<byte[]> roots, IReadOnlyList<byte[]> blobs)
    {
        var perShard = new Dictionary<int, List<ReplicaWrite>>();
        for (var i = 0; i < roots.Count; i++)
        {
            // Tagged once here, right after the roots were computed from these bytes: the shards then check the tag
            // (~15 µs) instead of rebuilding the Merkle root of every replica (~250 µs each).
            var tag = tagger.Tag(roots[i], blobs[i]);
            var rootHex = Hex0x.Encode(roots[i]);
            var shards = Rendezvous.Shards(roots[i], options.Shards, options.Replicas);
            for (var r = 0; r < shards.Length; r++)
            {
                if (!perShard.TryGetValue(shards[r], out var list))
                {
                    perShard[shards[r]] = list = [];
                }
                list.Add(new ReplicaWrite(rootHex, r, blobs[i], tag));
            }
        }
        return Task.WhenAll(perShard.SelectMany(kv => kv.Value.Chunk(BlobsPerShardCall)
            .Select(chunk => grains.GetGrain<IStorageShardGrain>(kv.Key).StoreAsync(chunk))));
    }
}
