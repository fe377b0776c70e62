namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// What one tick's storage challenge found: shards and samples checked, failures seen, replicas repaired; and how many
/// replicas the directories' commitments say must exist were checked on their shards (<see cref="PlacementChecks"/>)
/// and found missing (<see cref="Missing"/>, each repaired when a healthy copy exists).
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.StorageAuditRecord")]
public sealed record StorageAuditRecord(
    [property: Id(0)] ulong BlockNumber,
    [property: Id(1)] string BlockHash,
    [property: Id(2)] int ShardsSampled,
    [property: Id(3)] int Samples,
    [property: Id(4)] int Failures,
    [property: Id(5)] int Repaired,
    [property: Id(6)] string[] Problems,
    [property: Id(7)] int PlacementChecks = 0,
    [property: Id(8)] int Missing = 0);
