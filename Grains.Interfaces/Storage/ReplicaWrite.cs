namespace Wsc.Grains.Interfaces.Storage;

/// <summary>One replica for a shard to keep: the blob root, the replica number and the plain blob bytes (the shard masks them).</summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.ReplicaWrite")]
public sealed record ReplicaWrite(
    [property: Id(0)] string Root,
    [property: Id(1)] int Replica,
    [property: Id(2)] byte[] Bytes);
