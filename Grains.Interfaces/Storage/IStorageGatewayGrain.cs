namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// The storage front door (stateless, use key 0): signed multi-blob puts, reads, ranged reads with inclusion proofs
/// and fresh availability challenges. Files are addressed by owner address, chain id and path.
/// </summary>
[Alias("wsc.storage.IStorageGatewayGrain")]
public interface IStorageGatewayGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Stores <paramref name="bytes"/> as the signed write describes: blobs to their replicas first, then one directory
    /// update, so a crash leaves the old file or the new one. Refusals are <see cref="ArgumentException"/>, one line.
    /// </summary>
    [Alias("Put"), ResponseTimeout("00:05:00")]
    Task<StoragePutResult> PutAsync(DirectoryWrite write, byte[] bytes);
    /// <summary>Applies a signed remove.</summary>
    [Alias("Remove")]
    Task RemoveAsync(DirectoryWrite write);
    /// <summary>The file at the path with its entry, checked against the roots; null when there is no such path.</summary>
    [Alias("Read"), ResponseTimeout("00:05:00")]
    Task<StoredFile?> ReadAsync(string owner, ulong chainId, string path);
    /// <summary><paramref name="count"/> bytes from <paramref name="offset"/> with their inclusion proof.</summary>
    [Alias("ReadRange"), ResponseTimeout("00:02:00")]
    Task<RangeRead?> ReadRangeAsync(string owner, ulong chainId, string path, long offset, int count);
    /// <summary>The cluster's chain id and storage limits (what a client checks before it uploads anything).</summary>
    [Alias("Settings")]
    Task<StorageSettings> SettingsAsync();
    /// <summary>
    /// The blobs with these roots and lengths, each checked against its root by the shard that serves it (the streamed
    /// read: a client resolves the entry once, then reads its blobs by root, a few at a time, and checks them itself).
    /// At most <see cref="StorageSettings.MaxBlobsPerCall"/> per call.
    /// </summary>
    [Alias("ReadBlobs")]
    Task<byte[][]> ReadBlobsAsync(string[] roots, int[] lengths);
    /// <summary>Every replica of the blob <paramref name="root"/> answers <paramref name="samples"/> draws from <paramref name="seed"/>.</summary>
    [Alias("Challenge")]
    Task<ReplicaChallenge[]> ChallengeAsync(string root, string seed, int samples);
}
