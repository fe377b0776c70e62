using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Devnet;
using Xunit.Abstractions;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>The development profile with `Devnet:ZkGraphs=true` (what ./run.sh runs): the examples deployed and run on the devnet's own traffic.</summary>
public sealed class DevnetZkGraphsTests(ITestOutputHelper log)
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
        // receipt-proof got a proof of each receipt holding a transfer and checked it in the guest (exit 0; 2 if a proof
        // failed): one 49-byte row per proven receipt, each naming the keccak of the receipt it proved.
        Assert.All(await OutputsAsync("receipt-proof"), o =>
        {
            Assert.Equal(0, o.ExitCode);
            Assert.True(o.Output.Length > 0 && o.Output.Length % 49 == 0, $"receipt-proof at block {o.Number}: {o.Output.Length} bytes");
        });
    }

    /// <summary>
    /// The devnet with proving turned on (`./run.sh --Proving:Enabled=true`): every example's outputs carry their receipt
    /// id, and each example's receipt verifies, checked by `wsc zkgraph verify` against the devnet's node (the tick input
    /// rebuilt there: erc20-volume's logs, price-threshold's slot proofs, zkml-mlp's weights blob read from storage).
    /// Each graph is paused once it has a proven output, so the test proves a few runs, not every block's.
    /// </summary>
    [Fact]
    public async Task With_proving_on_every_example_graphs_outputs_carry_receipts_that_verify_against_the_devnets_node()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The production proof options: the receipts must verify at the default 100 conjectured bits.
        await using var silo = await InProcessSilo.StartDevelopmentAsync(("Devnet:ZkGraphs", "true"), ("Devnet:BlockTime", "1"), ("Proving:Enabled", "true"),
            ("Proving:PollInterval", "00:00:00.200"));
        var gateway = $"127.0.0.1:{silo.GatewayPort}";
        var rpc = (await silo.Services.GetRequiredService<EthereumEndpoint>().WhenReadyAsync()).Rpc.ToString();
        var registry = silo.Grains.GetGrain<IZkGraphRegistryGrain>("eth-31337");
        await InProcessSilo.WaitUntilAsync(async () => (await registry.ListAsync()).Count == DevnetZkGraphs.Examples.Count, 180, "the examples to be deployed");
        var graphs = (await registry.ListAsync()).ToDictionary(g => g.Name);
        log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: examples deployed");
        await using var conn = await ClusterConnection.ConnectAsync(gateway, CancellationToken.None);

        var proven = new Dictionary<string, ZkGraphOutput>();
        var paused = new HashSet<string>();
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            foreach (var (name, graph) in graphs)
            {
                var outputs = await silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id)).OutputsAsync(0, null);
                foreach (var o in outputs)
                {
                    Assert.True(o.Error is null, $"{name} at block {o.Number}: {o.Error}");
                    Assert.Equal(ProofJobKeys.ForOutput(graph.Id, o.Hash), o.ReceiptId);
                    Assert.False(o.ReceiptState?.StartsWith("failed", StringComparison.Ordinal), $"{name} at block {o.Number}: {o.ReceiptState}");
                }
                if (outputs.Count > 0 && paused.Add(name))
                {
                    await ZkGraphClient.ControlAsync(conn.Client, 31337, graph.Id, ZkGraphAction.Pause, DevnetKeys.Deployer);
                }
                if (outputs.FirstOrDefault(o => o.ReceiptState == "verified") is { } done)
                {
                    proven[name] = done;
                }
            }
            return proven.Count == graphs.Count;
        }, 300, "a verified receipt of every example's output");
        log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: a receipt of each example verified ({string.Join(", ", proven.Select(p => $"{p.Key} {p.Value.Cycles} cycles"))})");

        foreach (var (name, output) in proven)
        {
            var verify = await WscCli.RunAsync("zkgraph", "verify", graphs[name].Id, "--block", output.Number.ToString(CultureInfo.InvariantCulture),
                "--rpc", rpc, "--gateway", gateway, "--json");
            Assert.True(verify.ExitCode == 0, $"{name}: {verify.Stderr}");
            var result = JsonDocument.Parse(verify.Stdout).RootElement;
            Assert.True(result.GetProperty("valid").GetBoolean());
            Assert.Equal(output.Hash, result.GetProperty("blockHash").GetString());
            Assert.Equal("0x" + Convert.ToHexStringLower(output.Output), result.GetProperty("output").GetString());
            Assert.Equal(graphs[name].ImageId, result.GetProperty("imageId").GetString());
        }
        log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: each verified by wsc zkgraph verify");
    }
}
