namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>
/// What a pause or resume did: <see cref="Changed"/> is false for a second pause (already halted: <see cref="Halted"/>
/// keeps the first reason) or a resume of a follower that was running.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.ChainHaltResult")]
public sealed record ChainHaltResult(
    [property: Id(0)] string Chain,
    [property: Id(1)] bool Changed,
    [property: Id(2)] string? Halted,
    [property: Id(3)] string? Previous,
    [property: Id(4)] ulong? Cursor);
