using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>A graph deployed with a past `startBlock` runs the blocks from there (backfill), each once, then follows live ticks.</summary>
public sealed class ZkGraphBackfillTests
{
    [Fact]
    public async Task A_graph_deployed_late_backfills_from_its_start_block_once_and_then_runs_live()
    {
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc);
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var start = await token.Dev.HeadAsync() + 1;
        await token.BlockAsync(2);
        await token.BlockAsync(0);
        await token.BlockAsync(3);
        var deployHead = await token.Dev.HeadAsync();
        await silo.WaitForHeadAsync(deployHead);

        var (yaml, elf) = Graphs.Load("erc20-volume");
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml + $"startBlock: {start}\n", elf, PrivateKey.FromHex(AnvilNode.Key0));
        Assert.Equal(deployHead, graph.BackfillTo);
        var outputs = silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id));
        // Blocks start and start+2 have transfers (onEvents), start+1 has none.
        await InProcessSilo.WaitUntilAsync(async () => (await outputs.OutputsAsync(start, deployHead)).Count == 2, 60, "the backfilled outputs");
        await token.BlockAsync(1);
        var head = await token.Dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        await InProcessSilo.WaitUntilAsync(async () => (await outputs.OutputsAsync(start, head)).Count == 3, 30, "the live output");

        var recorded = await outputs.OutputsAsync(start, head);
        Assert.Equal([start, start + 2, head], recorded.Select(o => o.Number));
        foreach (var o in recorded)
        {
            Assert.Equal(await token.ExpectedVolumeAsync(o.Number), o.Output);
            Assert.Equal(await token.Dev.HashAtAsync(o.Number), o.Hash);
        }
        // Once: later settles (every second) walk nothing again and change no record.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var again = await outputs.OutputsAsync(start, head);
        Assert.Equal(recorded.Select(o => (o.Number, o.RecordedUtc)), again.Select(o => (o.Number, o.RecordedUtc)));
        // Blocks before the start block are not run.
        Assert.Empty(await outputs.OutputsAsync(0, start - 1));
        // The backfill's cursor is persisted in the registry, through the last block of the backfill.
        Assert.Equal(deployHead, (await silo.Grains.GetGrain<IZkGraphRegistryGrain>("eth-31337").GetAsync(graph.Id))!.BackfilledThrough);
    }
}
