namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>A block reference: number and hash.</summary>
[GenerateSerializer, Immutable, Alias("wsc.BlockRef")]
public sealed record BlockRef([property: Id(0)] ulong Number, [property: Id(1)] string Hash);

/// <summary>What `wsc chain status` reports about a followed chain.</summary>
[GenerateSerializer, Immutable, Alias("wsc.ChainStatus")]
public sealed record ChainStatus(
    [property: Id(0)] string Chain,
    [property: Id(1)] ulong ChainId,
    [property: Id(2)] BlockRef? Head,
    [property: Id(3)] ulong? Safe,
    [property: Id(4)] ulong? Finalized,
    [property: Id(5)] ulong TicksBehind,
    [property: Id(6)] string Rpc,
    [property: Id(7)] string? Halted,
    [property: Id(8)] string? LastError,
    [property: Id(9)] ulong Reorgs,
    [property: Id(10)] string Silo);
