using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>
/// A zkGraph output proven end to end on a silo with Proving:Enabled: the output gets a receipt id whose job verifies,
/// `wsc proofs` and `GET /api/proofs` list it, `wsc zkgraph receipt` exports it and `wsc verify` accepts it offline.
/// The graph calls no keccak256, so its one segment proves fast.
/// </summary>
public sealed class ZkGraphProvingTests
{
    [Fact]
    public async Task An_output_of_a_proving_graph_gets_a_receipt_listed_by_wsc_proofs_exported_and_verified_offline()
    {
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Proving:Enabled", "true"), ("Proving:SegmentLog2", "12"), ("Proving:MaxQueuedJobs", "2"));
        var gateway = $"127.0.0.1:{silo.GatewayPort}";
        var dir = Graphs.Write("proven-numbers", Graphs.BlockNumber);
        var deploy = await WscCli.RunAsync("zkgraph", "deploy", dir, "--key", AnvilNode.Key0, "--gateway", gateway, "--json");
        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        var id = JsonDocument.Parse(deploy.Stdout).RootElement.GetProperty("id").GetString()!;

        await anvil.MineAsync(1);
        var head = await dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        var block = head.ToString(CultureInfo.InvariantCulture);
        JsonElement row = default;
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var outputs = await WscCli.RunAsync("zkgraph", "outputs", id, "--from", block, "--to", block, "--gateway", gateway, "--json");
            var rows = JsonDocument.Parse(outputs.Stdout).RootElement.EnumerateArray().ToList();
            if (rows.Count == 1)
            {
                row = rows[0];
                var state = row.GetProperty("receiptState").GetString();
                Assert.False(state?.StartsWith("failed", StringComparison.Ordinal), state);
                return state == "verified";
            }
            return false;
        }, 240, "the head output's receipt verified");
        var receiptId = row.GetProperty("receiptId").GetString();
        Assert.Equal($"{id}@{await dev.HashAtAsync(head)}", receiptId);

        var proofs = await WscCli.RunAsync("proofs", "--graph", id, "--gateway", gateway, "--json");
        Assert.True(proofs.ExitCode == 0, proofs.Stderr);
        var job = JsonDocument.Parse(proofs.Stdout).RootElement.EnumerateArray().Single(j => j.GetProperty("id").GetString() == receiptId);
        Assert.Equal("verified", job.GetProperty("state").GetString());
        Assert.Equal(head, job.GetProperty("block").GetUInt64());
        Assert.Equal(job.GetProperty("segmentsTotal").GetInt32(), job.GetProperty("segmentsDone").GetInt32());
        Assert.All(job.GetProperty("segments").EnumerateArray(), s => Assert.StartsWith("S127.0.0.1:", s.GetProperty("silo").GetString(), StringComparison.Ordinal));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };
        var api = JsonDocument.Parse(await http.GetStringAsync($"/api/proofs?graph={id}")).RootElement;
        Assert.Contains(api.EnumerateArray(), j => j.GetProperty("id").GetString() == receiptId && j.GetProperty("state").GetString() == "verified");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync("/api/proofs?limit=0")).StatusCode);

        var file = Path.Combine(dir, "head.receipt");
        var export = await WscCli.RunAsync("zkgraph", "receipt", id, "--block", block, "-o", file, "--gateway", gateway, "--json");
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Equal(receiptId, JsonDocument.Parse(export.Stdout).RootElement.GetProperty("receiptId").GetString());
        var verify = await WscCli.RunAsync("verify", file, "--elf", Path.Combine(dir, "build", "proven-numbers.elf"), "--json");
        Assert.True(verify.ExitCode == 0, verify.Stderr + verify.Stdout);
        var facts = JsonDocument.Parse(verify.Stdout).RootElement;
        Assert.True(facts.GetProperty("valid").GetBoolean());
        Assert.Equal("0x" + head.ToString("x16", CultureInfo.InvariantCulture), facts.GetProperty("output").GetString());
        Assert.Equal(row.GetProperty("inputDigest").GetString(), facts.GetProperty("inputDigest").GetString());

        var missing = await WscCli.RunAsync("zkgraph", "receipt", id, "--block", "999999", "-o", file, "--gateway", gateway, "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"wsc: graph {id} has no output at block 999999", missing.Stderr.Trim());
    }

    [Fact]
    public async Task A_proving_graphs_automation_transaction_is_sent_only_after_its_outputs_receipt_verified()
    {
        const string automationKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil account 1
        const string target = "0x00000000000000000000000000000000000000a2";
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Automation:Key", automationKey), ("Proving:Enabled", "true"),
            ("Proving:SegmentLog2", "12"), ("Proving:MaxQueuedJobs", "1"));
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var (yaml, elf) = Graphs.Inline("gated-numbers", Graphs.BlockNumber);
        yaml += $"\ndataDestinations:\n  - kind: ethereum\n    address: \"{target}\"\n";
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, PrivateKey.FromHex(AnvilNode.Key0));

        await anvil.MineAsync(1);
        var block = await dev.HeadAsync();
        await silo.WaitForHeadAsync(block);
        var outputs = silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id));
        var waitedUnproven = false;
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var o = (await outputs.OutputsAsync(block, block)).SingleOrDefault();
            if (o is null)
            {
                return false;
            }
            Assert.NotNull(o.ReceiptId);
            Assert.False(o.ReceiptState?.StartsWith("failed", StringComparison.Ordinal), o.ReceiptState);
            if (o.Destinations.Length > 0)
            {
                // Delivered: only ever after the receipt verified.
                Assert.Equal("verified", o.ReceiptState);
            }
            else if (o.Status == ZkGraphOutputStatus.Final && o.ReceiptState != "verified")
            {
                waitedUnproven = true; // final (latest finality), deliverable but for its receipt
            }
            return o.Destinations.Length == 1 && o.Destinations[0].Contains("included", StringComparison.Ordinal);
        }, 240, "the output's automation transaction included");
        Assert.True(waitedUnproven, "the final output was never seen waiting for its receipt");
        // The automation record names the proof of the output it carries.
        var delivered = (await outputs.OutputsAsync(block, block)).Single();
        var sent = await silo.Services.GetRequiredService<Wsc.Grains.ZkGraphs.Automation.IAutomationStore>().FindAsync(delivered.GraphId, delivered.Hash);
        Assert.Equal(delivered.ReceiptId, sent!.ReceiptId);
    }
}
