using Orleans.Concurrency;

namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>Follows one Ethereum chain (key: `eth-{chainId}`), verifies headers, handles reorgs, ticks blocks in order.</summary>
[Alias("wsc.IChainGrain")]
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Ensures the follower runs (idempotent; silos call it on start and periodically).</summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>Runs one follow step now: new heads, reorg check, ticks, finality (used on a newHeads push).</summary>
    [Alias("Poll")]
    Task PollAsync();

    /// <summary>The follower's position against the node.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<ChainStatus> GetStatusAsync();

    /// <summary>Tick records from <paramref name="from"/> to <paramref name="to"/> inclusive (at most 1000 heights), orphans included.</summary>
    [Alias("GetTicks"), AlwaysInterleave]
    Task<IReadOnlyList<TickRecord>> GetTicksAsync(ulong? from, ulong? to);

    /// <summary>
    /// Clears a halt (after a reorg deeper than the configured depth, or an operator's pause) once an operator has
    /// looked. A reorg that is still deeper than the configured depth halts the follower again.
    /// </summary>
    [Alias("Resume")]
    Task<ChainHaltResult> ResumeAsync();

    /// <summary>
    /// An operator's halt: no block is ticked until <see cref="ResumeAsync"/>, then the follower catches up from its
    /// cursor. Idempotent; a follower already halted keeps its first reason (the result says so). Refused with an
    /// empty reason.
    /// </summary>
    [Alias("Pause")]
    Task<ChainHaltResult> PauseAsync(string reason);
}
