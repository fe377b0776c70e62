using Orleans.Concurrency;

namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// One deployed graph (key: `{chain}/{graph id}`): loads its program from the storage network, runs it on the ticks
/// it is given (off the Orleans scheduler, bounded, cycle-limited) and keeps one output record per block hash.
/// </summary>
[Alias("wsc.zkgraphs.IZkGraphGrain")]
public interface IZkGraphGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs the graph on each tick and records the outputs; a tick already recorded returns its stored output without
    /// running again (at-least-once delivery, one record). A failing run is a failed record, never an exception.
    /// </summary>
    [Alias("Run"), ResponseTimeout("00:05:00")]
    Task<IReadOnlyList<ZkGraphOutput>> RunAsync(IReadOnlyList<ZkGraphTick> ticks);

    /// <summary>Outputs of blocks <paramref name="from"/>..<paramref name="to"/> (at most 1000 heights), orphans included, status by the graph's finality.</summary>
    [Alias("Outputs"), ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<ZkGraphOutput>> OutputsAsync(ulong? from, ulong? to);

    /// <summary>
    /// Stores `final` on every executed output the chain's <paramref name="head"/>, <paramref name="safe"/> and
    /// <paramref name="finalized"/> heights make final by the graph's finality (never an orphaned one); returns how many
    /// changed. Idempotent: the registry calls it as the chain advances.
    /// </summary>
    [Alias("Settle")]
    Task<int> SettleAsync(ulong? head, ulong? safe, ulong? finalized);
}
