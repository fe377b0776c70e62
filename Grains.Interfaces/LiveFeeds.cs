namespace Wsc.Grains.Interfaces;

/// <summary>
/// The cluster's live feeds on Orleans streams (provider <see cref="Provider"/>, memory streams), for any Orleans client:
/// each live tick as it is recorded (<see cref="TicksNamespace"/>, key the chain), history recorded in bulk while
/// catching up (<see cref="TickHistoryNamespace"/>), and each graph's outputs as it records
/// them (<see cref="ZkGraphOutputsNamespace"/>, key `{chain}/{graph id}`; one <c>ZkGraphOutput[]</c> item per run or
/// settle, so a block may come again with a later status). Feeds, not stores: read the ledger and the output store for history.
/// </summary>
public static class LiveFeeds
{
    /// <summary>The stream provider's name, on silos and clients.</summary>
    public const string Provider = "wsc-streams";

    /// <summary>Live ticks; items are <c>TickRecord</c>s, key the chain (`eth-31337`).</summary>
    public const string TicksNamespace = "ticks";

    /// <summary>
    /// History ticks, recorded in bulk while catching up; items are <c>TickRecord</c> arrays (one per bulk recording,
    /// in block order), key the chain. A separate namespace so that bulk history costs one publish a run of pages,
    /// not one per block, and the live namespace keeps its single-record items.
    /// </summary>
    public const string TickHistoryNamespace = "tick-history";

    /// <summary>Graph outputs; items are <c>ZkGraphOutput</c> arrays, key <see cref="ZkGraphOutputsKey"/>.</summary>
    public const string ZkGraphOutputsNamespace = "zkgraph-outputs";

    /// <summary>The stream key of one graph's outputs: `{chain}/{graph id}`, as the graph grain's key.</summary>
    public static string ZkGraphOutputsKey(string chain, string graphId) => ZkGraphs.ZkGraphKeys.Graph(chain, graphId);
}
