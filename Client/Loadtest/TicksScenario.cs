using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Client.Loadtest;

/// <summary>`ticks`: reads the newest tick records of the followed chain through the Orleans client.</summary>
public sealed class TicksScenario(IClusterClient client, ulong chainId) : ILoadScenario
{
    private readonly IChainGrain _chain = client.GetGrain<IChainGrain>("eth-" + chainId);

    public string Name => "ticks";

    public async Task PrepareAsync(long requests, CancellationToken cancellationToken)
    {
        // One untimed call: the grain is activated and the chain is known before the clock starts.
        var status = await _chain.GetStatusAsync();
        if (status.Head is null)
        {
            throw new InvalidOperationException($"chain {chainId} has no ticks yet: start the silo's follower (or check --chain-id) before load-testing tick reads");
        }
    }

    public async Task RunAsync(long index, CancellationToken cancellationToken)
    {
        var ticks = await _chain.GetTicksAsync(null, null);
        if (ticks.Count == 0)
        {
            throw new InvalidOperationException("the cluster answered with no ticks");
        }
    }
}
