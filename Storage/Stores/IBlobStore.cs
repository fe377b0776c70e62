namespace Wsc.Storage.Stores;

/// <summary>Where shards keep masked replica bytes: PostgreSQL in production, memory in development.</summary>
public interface IBlobStore
{
    /// <summary>Writes replicas (index and bytes) in one transaction; writing the same replica again is harmless.</summary>
    Task PutAsync(IReadOnlyList<StoredReplica> replicas, CancellationToken cancellationToken = default);

    /// <summary>The masked bytes of a replica, or null when they are missing.</summary>
    Task<byte[]?> GetAsync(BlobKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads a replica's masked bytes into the start of <paramref name="destination"/> (only if they fit) and its tag
    /// into <paramref name="tag"/> (16 bytes) when one is stored; no allocation per call, for the read hot path.
    /// </summary>
    Task<StoredRead> ReadAsync(BlobKey key, Memory<byte> destination, Memory<byte> tag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the tag of a replica whose bytes are stored (the caller has checked them against their root); false
    /// when there is no such replica, and then nothing is written. Used to re-tag after the tag secret changes.
    /// </summary>
    Task<bool> RetagAsync(BlobKey key, ReadOnlyMemory<byte> tag, CancellationToken cancellationToken = default);

    /// <summary><paramref name="count"/> masked bytes from <paramref name="offset"/>, or null when the replica is missing.</summary>
    Task<byte[]?> GetRangeAsync(BlobKey key, int offset, int count, CancellationToken cancellationToken = default);

    /// <summary>The shard's index, ordered by root bytes then replica (the order sampling draws from).</summary>
    Task<IReadOnlyList<IndexEntry>> IndexAsync(int shard, CancellationToken cancellationToken = default);

    /// <summary>Drops a replica's index entry and bytes; false when there was none.</summary>
    Task<bool> RemoveAsync(BlobKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per key, the blob length when the index row and the bytes (of that length) are both present, else null; in the
    /// same atomic step each present replica's age is reset to now, so garbage collection spares it for a grace period.
    /// </summary>
    Task<int?[]> ConfirmAsync(IReadOnlyList<BlobKey> keys, CancellationToken cancellationToken = default);

    /// <summary>The shard's replicas stored (or last confirmed) before <paramref name="cutoff"/>: garbage-collection candidates.</summary>
    Task<IReadOnlyList<BlobKey>> StoredBeforeAsync(int shard, DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops index entry and bytes of those <paramref name="keys"/> still stored (or last confirmed) before
    /// <paramref name="cutoff"/>, checked atomically with the delete; returns how many went.
    /// </summary>
    Task<int> RemoveStoredBeforeAsync(IReadOnlyList<BlobKey> keys, DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
