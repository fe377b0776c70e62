namespace Wsc.Grains.Interfaces.Storage;

/// <summary>An owner's directory on one chain (key: `{owner 0x-hex lowercase}:{chainId}`): path → blob roots, owner-signed writes.</summary>
[Alias("wsc.storage.IStorageDirectoryGrain")]
public interface IStorageDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The entry at <paramref name="path"/>, or null.</summary>
    [Alias("Get")]
    Task<DirectoryEntry?> GetAsync(string path);

    /// <summary>All paths, sorted.</summary>
    [Alias("List")]
    Task<string[]> ListAsync();

    /// <summary>Every entry (what audits and garbage collection read: the directory's commitments).</summary>
    [Alias("Entries")]
    Task<DirectoryEntry[]> EntriesAsync();

    /// <summary>How many files the directory holds (the gateway's "is this address a storage site?").</summary>
    [Alias("Count")]
    Task<int> CountAsync();

    /// <summary>The nonce the next write must carry.</summary>
    [Alias("NextNonce")]
    Task<ulong> NextNonceAsync();

    /// <summary>
    /// Applies a signed write in one state update (readers see the old entry or the new one); refuses a wrong signer,
    /// a stale or future nonce, a bad path, or a put whose blobs are not all on their replicas' shards with
    /// <see cref="ArgumentException"/> and changes nothing.
    /// Returns the new entry, or null after a remove.
    /// </summary>
    [Alias("Apply"), ResponseTimeout("00:02:00")]
    Task<DirectoryEntry?> ApplyAsync(DirectoryWrite write);
}
