namespace Wsc.Grains.Interfaces.Storage;

/// <summary>A replica named by its blob root and replica number (the shard is the grain asked).</summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.ReplicaRef")]
public sealed record ReplicaRef(
    [property: Id(0)] string Root,
    [property: Id(1)] int Replica);
