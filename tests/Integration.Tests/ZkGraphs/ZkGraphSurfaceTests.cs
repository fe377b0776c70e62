using System.Globalization;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>The real `wsc` binary and the silo's HTTP API: deploy, list, show, outputs.</summary>
public sealed class ZkGraphSurfaceTests
{
    [Fact]
    public async Task Wsc_deploys_a_graph_from_its_directory_and_lists_it_and_its_outputs_as_the_http_api_does()
    {
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc);
        var gateway = $"127.0.0.1:{silo.GatewayPort}";
        var dir = Graphs.Write("numbers", Graphs.BlockNumber);

        var bad = Graphs.Write("bad-manifest", Graphs.BlockNumber);
        File.WriteAllText(Path.Combine(bad, "zkgraph.yaml"), File.ReadAllText(Path.Combine(bad, "zkgraph.yaml")).Replace("everyNBlocks: 1", "everyNBlocks: 0", StringComparison.Ordinal));
        var refused = await WscCli.RunAsync("zkgraph", "deploy", bad, "--key", AnvilNode.Key0, "--gateway", gateway, "--json");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("wsc: zkgraph.yaml: trigger.everyNBlocks: 0 must be at least 1", refused.Stderr.Trim());
        Assert.Empty(refused.Stdout);

        var deploy = await WscCli.RunAsync("zkgraph", "deploy", dir, "--key", AnvilNode.Key0, "--gateway", gateway, "--json");
        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        var deployed = JsonDocument.Parse(deploy.Stdout).RootElement;
        var id = deployed.GetProperty("id").GetString()!;
        Assert.Matches("^0x[0-9a-f]{64}$", id);
        Assert.Matches("^0x[0-9a-f]{64}$", deployed.GetProperty("imageId").GetString()!);
        Assert.Equal($"web3://{PrivateKey.FromHex(AnvilNode.Key0).Address}:31337/zkgraphs/numbers/program.elf", deployed.GetProperty("programUrl").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "build", "numbers.elf")), "deploy builds a graph that was never built");

        await anvil.MineAsync(3);
        var head = await dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetTicksAsync(head, head)).Single().ZkGraphRuns == 1, 30, "the graph's run at the head");

        var list = await WscCli.RunAsync("zkgraph", "list", "--gateway", gateway, "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        var graph = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal(id, graph.GetProperty("id").GetString());
        Assert.Equal("numbers", graph.GetProperty("name").GetString());
        Assert.Equal("active", graph.GetProperty("status").GetString());

        var show = await WscCli.RunAsync("zkgraph", "show", id, "--gateway", gateway, "--json");
        Assert.Equal(deployed.GetProperty("imageId").GetString(), JsonDocument.Parse(show.Stdout).RootElement.GetProperty("imageId").GetString());
        var unknown = await WscCli.RunAsync("zkgraph", "show", "0x" + new string('0', 64), "--gateway", gateway, "--json");
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("wsc: graph '0x000", unknown.Stderr, StringComparison.Ordinal);

        var from = head - 2;
        var cli = await WscCli.RunAsync("zkgraph", "outputs", id, "--from", from.ToString(CultureInfo.InvariantCulture), "--to", head.ToString(CultureInfo.InvariantCulture), "--gateway", gateway, "--json");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        var rows = JsonDocument.Parse(cli.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        for (var i = 0; i < 3; i++)
        {
            var n = from + (ulong)i;
            Assert.Equal(n, rows[i].GetProperty("block").GetUInt64());
            Assert.Equal(await dev.HashAtAsync(n), rows[i].GetProperty("hash").GetString());
            Assert.Equal("0x" + n.ToString("x16", CultureInfo.InvariantCulture), rows[i].GetProperty("output").GetString());
            Assert.Equal(JsonValueKind.Null, rows[i].GetProperty("receiptId").ValueKind);
            Assert.Equal("final", rows[i].GetProperty("status").GetString());
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };
        var api = JsonDocument.Parse(await http.GetStringAsync("/api/zkgraphs")).RootElement;
        Assert.Equal(id, Assert.Single(api.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("numbers", JsonDocument.Parse(await http.GetStringAsync($"/api/zkgraphs/{id}")).RootElement.GetProperty("name").GetString());
        var apiRows = JsonDocument.Parse(await http.GetStringAsync($"/api/zkgraphs/{id}/outputs?from={from}&to={head}")).RootElement;
        Assert.Equal(rows.Select(r => r.GetRawText()), apiRows.EnumerateArray().Select(r => r.GetRawText()));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/api/zkgraphs/0x01")).StatusCode);
    }
}
