namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>What `wsc chain reset` did: where the follower restarts and which ticks it orphaned.</summary>
[GenerateSerializer, Immutable, Alias("wsc.ChainResetResult")]
public sealed record ChainResetResult(
    [property: Id(0)] string Chain,
    [property: Id(1)] ulong From,
    [property: Id(2)] string? ParentHash,
    [property: Id(3)] ulong? PreviousCursor,
    [property: Id(4)] int Orphaned,
    [property: Id(5)] string ClearedHalt);
