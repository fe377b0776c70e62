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

    /// <summary>Clears a halt (after a reorg deeper than the configured depth) once an operator has looked.</summary>
    [Alias("Resume")]
    Task ResumeAsync();
}
