using System.Text.Json;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.Integration.Tests.ZkGraphs;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// `wsc loadtest zkgraph-outputs` against a real silo and devnet: refused in one line while no graph is deployed,
/// then, with a graph deployed and running, every read is answered.
/// </summary>
public sealed class ZkGraphOutputsLoadtestTests
{
    [Fact]
    public async Task Reads_of_deployed_graphs_outputs_are_all_answered_and_no_graph_is_refused_in_one_line()
    {
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc);
        var gateway = $"127.0.0.1:{silo.GatewayPort}";

        var none = await WscCli.RunAsync("loadtest", "zkgraph-outputs", "--rate", "5", "--duration", "1", "--gateway", gateway, "--json");
        Assert.Equal(1, none.ExitCode);
        Assert.Equal("", none.Stdout);
        Assert.Equal("wsc: zkgraph-outputs: preparing the run failed: chain 31337 has no active zkGraph: deploy one first (`wsc zkgraph deploy`, or ./run.sh deploys the examples)",
            none.Stderr.Trim());

        var deploy = await WscCli.RunAsync("zkgraph", "deploy", Graphs.Write("loadtest-numbers", Graphs.BlockNumber), "--key", AnvilNode.Key0, "--gateway", gateway, "--json");
        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        await anvil.MineAsync(2);
        var head = await dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetTicksAsync(head, head)).Single().ZkGraphRuns == 1, 30, "the graph's run at the head");

        var run = await WscCli.RunAsync("loadtest", "zkgraph-outputs", "--rate", "20", "--duration", "2", "--concurrency", "16", "--gateway", gateway, "--json");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("zkgraph-outputs", result.GetProperty("scenario").GetString());
        Assert.Equal(40, result.GetProperty("requests").GetInt64());
        Assert.Equal(0, result.GetProperty("errors").GetInt64());
        Assert.True(result.GetProperty("p99Ms").GetDouble() > 0, run.Stdout);
    }
}
