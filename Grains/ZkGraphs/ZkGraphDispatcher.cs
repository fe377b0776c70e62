using Microsoft.Extensions.Logging;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// The compute step of a clock cycle, for one live block or a run of history: asks the registry once which graphs are
/// active, matches every block against them off the caller's scheduler, sends each graph its runs in one call, and
/// returns how many graphs ran per block (the tick record's zkGraphRuns). A graph whose run fails records a failed
/// output and never stops the clock; a graph call that fails (a silo died, the output store is down) fails the tick,
/// so the follower delivers it again: the graph grain is idempotent, and no output is lost to an infrastructure fault.
/// </summary>
public sealed class ZkGraphDispatcher(IGrainFactory grains, string chain, ILogger logger)
{
    /// <summary>
    /// Runs the triggered graphs on <paramref name="count"/> blocks; element i of the result is block i's run count.
    /// <paramref name="block"/> is only called when some graph is active, so ticks without graphs decode nothing.
    /// </summary>
    public async Task<int[]> RunAsync(int count, Func<int, ZkGraphBlock> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var runs = new int[count];
        if (count == 0)
        {
            return runs;
        }
        var subscriptions = await grains.GetGrain<IZkGraphRegistryGrain>(chain).SubscriptionsAsync();
        if (subscriptions.Count == 0)
        {
            return runs;
        }
        // Receipt decoding and input encoding are CPU work: the thread pool, not the calling grain's turn.
        var plan = await Task.Run(() =>
        {
            var matcher = new ZkGraphMatcher(ChainKeys.ParseChainId(chain), subscriptions);
            var byGraph = new Dictionary<string, List<(int Block, ZkGraphTick Tick)>>();
            for (var i = 0; i < count; i++)
            {
                foreach (var (graph, tick) in matcher.Match(block(i)))
                {
                    if (!byGraph.TryGetValue(graph, out var list))
                    {
                        byGraph[graph] = list = [];
                    }
                    list.Add((i, tick));
                }
            }
            return byGraph;
        });
        await Task.WhenAll(plan.Select(async kv =>
        {
            try
            {
                await grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph(chain, kv.Key)).RunAsync([.. kv.Value.Select(x => x.Tick)]);
                foreach (var (block, _) in kv.Value)
                {
                    Interlocked.Increment(ref runs[block]);
                }
            }
            catch (Exception e)
            {
                logger.LogWarning("zkGraph {Graph} did not run on blocks {From}..{To} (the tick is delivered again): {Error}", kv.Key,
                    kv.Value[0].Tick.Number, kv.Value[^1].Tick.Number, e.Message.ReplaceLineEndings(" "));
                throw;
            }
        }));
        return runs;
    }

    /// <summary>Orphans the outputs of a block that left the canonical chain; a failure is logged (the tick is retracted regardless).</summary>
    public async Task RetractAsync(ulong number, string hash)
    {
        try
        {
            await grains.GetGrain<IZkGraphRegistryGrain>(chain).RetractAsync(number, hash);
        }
        catch (Exception e)
        {
            logger.LogWarning("zkGraph outputs of block {Number} {Hash} not orphaned: {Error}", number, hash, e.Message.ReplaceLineEndings(" "));
        }
    }
}
