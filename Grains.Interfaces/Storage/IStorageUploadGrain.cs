namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// One streamed put (key: a fresh id the client picks): <see cref="BeginAsync"/> checks the owner-signed write before any
/// byte is sent, <see cref="StoreAsync"/> takes the blobs in parts (each must hash to the signed root at its position),
/// and <see cref="CommitAsync"/> publishes the entry in one directory update once every blob is on its replicas. A
/// session lives in memory on one silo: after a silo failure or long idleness the put is run again.
/// </summary>
[Alias("wsc.storage.IStorageUploadGrain")]
public interface IStorageUploadGrain : IGrainWithGuidKey
{
    /// <summary>Checks <paramref name="write"/> (signer, nonce, chain, size limit); refusals are <see cref="ArgumentException"/>, one line, and store nothing.</summary>
    [Alias("Begin")]
    Task BeginAsync(DirectoryWrite write);

    /// <summary>Stores blobs <paramref name="firstBlob"/>.. of the file on all their replicas (at most <see cref="StorageSettings.MaxBlobsPerCall"/>).</summary>
    [Alias("Store")]
    Task StoreAsync(int firstBlob, byte[][] blobs);

    /// <summary>Publishes the entry (the directory re-checks the signature and every replica); refused while any blob is missing.</summary>
    [Alias("Commit"), ResponseTimeout("00:02:00")]
    Task<StoragePutResult> CommitAsync();
}
