namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// A shard's answer to a challenge: the index it sampled from (ordered by root, replica) and one answer per draw;
/// a null answer means the shard could not produce that cell (its bytes are lost).
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.ShardProof")]
public sealed record ShardProof(
    [property: Id(0)] int Shard,
    [property: Id(1)] string Seed,
    [property: Id(2)] ShardIndexEntry[] Index,
    [property: Id(3)] SampleAnswer?[] Samples);
