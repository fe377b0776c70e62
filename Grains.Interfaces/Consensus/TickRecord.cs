namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>The record of one clock cycle for one block hash.</summary>
[GenerateSerializer, Immutable, Alias("wsc.TickRecord")]
public sealed record TickRecord(
    [property: Id(0)] ulong Number,
    [property: Id(1)] string Hash,
    [property: Id(2)] string ParentHash,
    [property: Id(3)] TickState Status,
    [property: Id(4)] int Logs,
    [property: Id(5)] bool ReceiptsVerified,
    [property: Id(6)] int ZkGraphRuns,
    [property: Id(7)] ulong Timestamp,
    [property: Id(8)] DateTime SeenUtc,
    [property: Id(9)] DateTime RecordedUtc,
    [property: Id(10)] int Transactions,
    [property: Id(11)] Storage.StorageAuditRecord? Storage = null);
