using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Devnet;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>The development profile with `Devnet:ZkGraphs=true` (what ./run.sh runs): the examples deployed and run on the devnet's own traffic.</summary>
public sealed class DevnetZkGraphsTests
{
    [Fact]
    public async Task The_example_graphs_are_deployed_at_start_and_run_on_the_devnet_traffic()
    {
        await using var silo = await InProcessSilo.StartDevelopmentAsync(("Devnet:ZkGraphs", "true"), ("Devnet:BlockTime", "0.5"));
        var registry = silo.Grains.GetGrain<IZkGraphRegistryGrain>("eth-31337");
        await InProcessSilo.WaitUntilAsync(async () => (await registry.ListAsync()).Count == DevnetZkGraphs.Examples.Count, 180, "the examples to be deployed");
        var graphs = (await registry.ListAsync()).ToDictionary(g => g.Name);
        Assert.Equal(DevnetZkGraphs.Examples.Order(), graphs.Keys.Order());
        Assert.All(graphs.Values, g => Assert.Equal(DevnetKeys.Deployer.Address.ToString(), g.Deployer));

        async Task<IReadOnlyList<ZkGraphOutput>> OutputsAsync(string name)
        {
            var head = (await silo.Chain.GetStatusAsync()).Head?.Number ?? 0;
            return await silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graphs[name].Id)).OutputsAsync(head > 200 ? head - 200 : 0, head);
        }
        foreach (var name in DevnetZkGraphs.Examples)
        {
            await InProcessSilo.WaitUntilAsync(async () => (await OutputsAsync(name)).Count >= 2, 120, $"two runs of {name}");
            Assert.All(await OutputsAsync(name), o => Assert.True(o.Error is null, $"{name} at block {o.Number}: {o.Error}"));
        }
        // zkml-mlp read its weights from storage: its output starts with their keccak.
        var weightsHash = Keccak.Hash(DevnetZkGraphs.Weights()).ToArray();
        Assert.All(await OutputsAsync("zkml-mlp"), o => Assert.Equal(weightsHash, o.Output[..32]));
        // erc20-volume counted the traffic's transfers.
        Assert.Contains(await OutputsAsync("erc20-volume"), o => o.Output.Length == 44 && o.Output[8..12].Any(b => b != 0));
    }
}
