namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// The list of storage directories (use key 0): every directory registers before its first write, so audits and
/// garbage collection can walk all directories' commitments.
/// </summary>
[Alias("wsc.storage.IStorageCatalogGrain")]
public interface IStorageCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Records a directory key (`{owner}:{chainId}`); idempotent.</summary>
    [Alias("Add")]
    Task AddAsync(string directoryKey);

    /// <summary>All directory keys, sorted.</summary>
    [Alias("List")]
    Task<string[]> ListAsync();
}
