namespace Wsc.Grains.Interfaces.Storage;

/// <summary>What a garbage-collection pass did: directories and live roots read, old replicas examined and removed.</summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.StorageGcRecord")]
public sealed record StorageGcRecord(
    [property: Id(0)] DateTime Cutoff,
    [property: Id(1)] int Directories,
    [property: Id(2)] int LiveRoots,
    [property: Id(3)] int OldReplicas,
    [property: Id(4)] int Removed);
