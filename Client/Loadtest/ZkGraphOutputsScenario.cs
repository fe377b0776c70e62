using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Client.Loadtest;

/// <summary>
/// `zkgraph-outputs`: reads the newest outputs of the deployed zkGraphs through the Orleans client, the way
/// `wsc zkgraph outputs ID` does, spreading the requests over every active graph of the chain.
/// </summary>
public sealed class ZkGraphOutputsScenario(IClusterClient client, ulong chainId) : ILoadScenario
{
    private IZkGraphGrain[] _graphs = [];

    public string Name => "zkgraph-outputs";

    public async Task PrepareAsync(long requests, CancellationToken cancellationToken)
    {
        var chain = ZkGraphClient.Chain(chainId);
        var graphs = await client.GetGrain<IZkGraphRegistryGrain>(chain).ListAsync();
        _graphs = graphs.Where(g => g.Status == ZkGraphStatus.Active)
            .Select(g => client.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph(chain, g.Id)))
            .ToArray();
        if (_graphs.Length == 0)
        {
            throw new InvalidOperationException($"chain {chainId} has no active zkGraph: deploy one first (`wsc zkgraph deploy`, or ./run.sh deploys the examples)");
        }
        // One untimed read per graph: activations (and their stored outputs) are loaded before the clock starts.
        foreach (var graph in _graphs)
        {
            await graph.OutputsAsync(null, null);
        }
    }

    // The newest 20 heights: a graph whose subscription matched none of them answers an empty page, which is a
    // served request, not an error.
    public Task RunAsync(long index, CancellationToken cancellationToken) =>
        _graphs[(int)(index % _graphs.Length)].OutputsAsync(null, null);
}
