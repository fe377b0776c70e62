namespace Wsc.Grains.Interfaces.Storage;

/// <summary>One storage shard (key: shard number): keeps masked replicas in the blob store and answers samples.</summary>
[Alias("wsc.storage.IStorageShardGrain")]
public interface IStorageShardGrain : IGrainWithIntegerKey
{
    /// <summary>Masks and stores replicas in one transaction (idempotent).</summary>
    [Alias("Store"), ResponseTimeout("00:02:00")]
    Task StoreAsync(ReplicaWrite[] replicas);

    /// <summary>
    /// The plain bytes of a replica, checked against the root (by its tag, else by the Merkle root), or null when the
    /// shard has lost them, never had them, or holds bytes that fail the check.
    /// </summary>
    [Alias("Read")]
    Task<byte[]?> ReadAsync(string root, int replica);

    /// <summary>The tick challenge: samples drawn from keccak(blockHash ‖ shard) over the shard's index.</summary>
    [Alias("Prove"), ResponseTimeout("00:01:00")]
    Task<ShardProof> ProveAsync(string blockHash, int samples);

    /// <summary>A challenge on one replica with a caller-chosen seed (clients checking a file's availability).</summary>
    [Alias("ProveBlob")]
    Task<ShardProof> ProveBlobAsync(string root, int replica, string seed, int samples);

    /// <summary>
    /// Which of <paramref name="expected"/> (root, replica, length) the shard does not hold in full (index row and bytes
    /// of that length); the ones it holds are marked as just confirmed, which spares them from garbage collection.
    /// </summary>
    [Alias("Confirm"), ResponseTimeout("00:01:00")]
    Task<ShardIndexEntry[]> ConfirmAsync(ShardIndexEntry[] expected);

    /// <summary>Replicas stored (or last confirmed) before <paramref name="cutoff"/> (UTC): garbage-collection candidates.</summary>
    [Alias("StoredBefore"), ResponseTimeout("00:02:00")]
    Task<ReplicaRef[]> StoredBeforeAsync(DateTime cutoff);

    /// <summary>Removes those replicas still stored (or last confirmed) before <paramref name="cutoff"/>; returns how many went.</summary>
    [Alias("Collect"), ResponseTimeout("00:02:00")]
    Task<int> CollectAsync(ReplicaRef[] replicas, DateTime cutoff);

    /// <summary>The replicas this shard has promised to hold.</summary>
    [Alias("Index")]
    Task<ShardIndexEntry[]> IndexAsync();
}
