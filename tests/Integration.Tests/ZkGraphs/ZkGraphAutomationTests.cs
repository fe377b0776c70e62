using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Client.Cli;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>The `ethereum` destination on a silo and anvil: each final output lands once, its bytes as calldata, also when a reorg drops it.</summary>
public sealed class ZkGraphAutomationTests
{
    private static readonly PrivateKey Deployer = PrivateKey.FromHex(AnvilNode.Key0);
    private const string AutomationKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil account 1
    private const string Target = "0x00000000000000000000000000000000000000a1";

    [Fact]
    public async Task Each_final_output_sends_one_automation_transaction_with_the_output_as_calldata()
    {
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Automation:Key", AutomationKey));
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var (yaml, elf) = Graphs.Load("erc20-volume");
        var cut = yaml.IndexOf("dataDestinations:", StringComparison.Ordinal);
        yaml = yaml[..cut] + $"dataDestinations:\n  - kind: ethereum\n    address: \"{Target}\"\n";
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, Deployer);

        for (var i = 0; i < 4; i++)
        {
            await token.BlockAsync(i + 1);
        }
        var head = await token.Dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        var outputs = silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id));
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var outs = await outputs.OutputsAsync(0, head);
            return outs.Count >= 4 && outs.All(o => o.Destinations.Length == 1 && o.Destinations[0].Contains("included", StringComparison.Ordinal));
        }, 60, "automation transactions included");
        var delivered = (await outputs.OutputsAsync(0, head)).ToList();
        Assert.All(delivered, o => Assert.Equal(ZkGraphOutputStatus.Final, o.Status));

        // On chain: exactly one transaction from the automation key per output, carrying its bytes to the destination.
        using var rpc = new EthRpcClient(anvil.Rpc);
        var key = PrivateKey.FromHex(AutomationKey).Address;
        var sent = new List<Wsc.Chain.Types.Transaction>();
        var last = await rpc.BlockNumberAsync(CancellationToken.None);
        for (ulong n = 0; n <= last; n++)
        {
            sent.AddRange((await rpc.GetBlockAsync(n, CancellationToken.None))!.Transactions.Where(t => t.RecoverSender() == key));
        }
        Assert.Equal(delivered.Count, sent.Count);
        Assert.All(sent, t => Assert.Equal(Address.Parse(Target), t.To));
        Assert.Equal(delivered.Select(o => Convert.ToHexString(o.Output)).Order(), sent.Select(t => Convert.ToHexString(t.Input)).Order());
        Assert.All(delivered, o => Assert.Contains(o.Destinations[0].Split(' ')[2], sent.Select(t => t.Hash.ToString())));
    }

    [Fact]
    public async Task A_reorg_that_drops_a_delivered_automation_transaction_sends_it_again_and_it_lands_once()
    {
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Automation:Key", AutomationKey));
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var (yaml, elf) = Graphs.Load("erc20-volume");
        var cut = yaml.IndexOf("dataDestinations:", StringComparison.Ordinal);
        yaml = yaml[..cut] + $"dataDestinations:\n  - kind: ethereum\n    address: \"{Target}\"\n";
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, Deployer);
        await token.BlockAsync(2);
        var block = await token.Dev.HeadAsync();
        var outputs = silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id));
        ZkGraphOutput? delivered = null;
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            delivered = (await outputs.OutputsAsync(block, block)).SingleOrDefault(o => o.Destinations.Length == 1 && o.Destinations[0].Contains("included", StringComparison.Ordinal));
            return delivered is not null;
        }, 60, "the automation transaction included");
        using var rpc = new EthRpcClient(anvil.Rpc);
        var txHash = Hash32.Parse(delivered!.Destinations[0].Split(' ')[2]);
        var includedIn = (await rpc.GetTransactionReceiptAsync(txHash, CancellationToken.None))!.BlockNumber!.Value;
        Assert.True(includedIn > block);

        // Replace the blocks from the one holding the transaction up: the output's block stays, the transaction is gone.
        var head = await rpc.BlockNumberAsync(CancellationToken.None);
        await anvil.CallAsync("anvil_reorg", (int)(head - includedIn + 1), Array.Empty<object>());
        Assert.Null(await rpc.GetTransactionReceiptAsync(txHash, CancellationToken.None));

        // The graph's settles watch it until final: the same transaction is sent again and the result names its new block.
        await InProcessSilo.WaitUntilAsync(async () => await rpc.GetTransactionReceiptAsync(txHash, CancellationToken.None) is { BlockNumber: not null }, 60, "the transaction re-sent");
        var again = (await rpc.GetTransactionReceiptAsync(txHash, CancellationToken.None))!.BlockNumber!.Value;
        await InProcessSilo.WaitUntilAsync(async () =>
            (await outputs.OutputsAsync(block, block)).Single().Destinations[0].Contains($"included in block {again},", StringComparison.Ordinal), 30, "the result rewritten");
        var key = PrivateKey.FromHex(AutomationKey).Address;
        var sent = new List<Wsc.Chain.Types.Transaction>();
        var last = await rpc.BlockNumberAsync(CancellationToken.None);
        for (ulong n = 0; n <= last; n++)
        {
            sent.AddRange((await rpc.GetBlockAsync(n, CancellationToken.None))!.Transactions.Where(t => t.RecoverSender() == key));
        }
        Assert.Equal(txHash, Assert.Single(sent).Hash);
        Assert.Equal(delivered.Output, sent[0].Input);
    }
}
