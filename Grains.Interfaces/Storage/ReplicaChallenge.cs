namespace Wsc.Grains.Interfaces.Storage;

/// <summary>One replica's answer to a client's fresh challenge on a blob.</summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.ReplicaChallenge")]
public sealed record ReplicaChallenge(
    [property: Id(0)] int Shard,
    [property: Id(1)] int Replica,
    [property: Id(2)] ShardProof Proof);
