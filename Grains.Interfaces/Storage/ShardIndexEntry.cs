namespace Wsc.Grains.Interfaces.Storage;

/// <summary>A replica a shard has promised to hold.</summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.ShardIndexEntry")]
public sealed record ShardIndexEntry(
    [property: Id(0)] string Root,
    [property: Id(1)] int Replica,
    [property: Id(2)] int Length);
