namespace Wsc.Grains.Interfaces.Storage;

/// <summary>The per-tick availability audit (key: the chain name, e.g. `eth-31337`); the tick grain calls it once per block.</summary>
[Alias("wsc.storage.IStorageAuditGrain")]
public interface IStorageAuditGrain : IGrainWithStringKey
{
    /// <summary>Challenges every shard with the block hash, verifies the answers and repairs lost replicas from healthy copies.</summary>
    [Alias("Audit"), ResponseTimeout("00:05:00")]
    Task<StorageAuditRecord> AuditAsync(ulong blockNumber, string blockHash);
}
