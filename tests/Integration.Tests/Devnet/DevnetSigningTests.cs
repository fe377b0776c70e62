using System.Diagnostics;
using System.Text.Json;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Chain.Types;
using Wsc.Silo.Devnet;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Devnet;

public sealed class DevnetSigningTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dev_keys_are_anvils_default_accounts_in_order()
    {
        using var anvil = new AnvilNode();

        var accounts = (await anvil.CallAsync("eth_accounts")).EnumerateArray().Select(a => Address.Parse(a.GetString()!)).ToArray();

        Assert.Equal(accounts, DevnetKeys.All.Select(k => k.Address));
        Assert.Equal(PrivateKey.FromHex(AnvilNode.Key0).Address, DevnetKeys.Deployer.Address);
        Assert.Equal(Address.Parse(DevnetContracts.Deployer), DevnetKeys.Deployer.Address);
    }

    [Fact]
    public async Task Traffic_signs_its_own_transactions_so_a_node_that_holds_none_of_the_dev_keys_accepts_them()
    {
        // This anvil's unlocked accounts come from another mnemonic: eth_sendTransaction from the dev accounts is
        // impossible here, only transactions signed by the traffic generator itself can land.
        using var anvil = new AnvilNode(blockTime: 1, extraArgs:
            ["--mnemonic", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"]);
        var unlocked = (await anvil.CallAsync("eth_accounts")).EnumerateArray().Select(a => Address.Parse(a.GetString()!)).ToHashSet();
        var devAddresses = DevnetKeys.All.Select(k => k.Address).ToHashSet();
        Assert.Empty(unlocked.Intersect(devAddresses));
        foreach (var a in devAddresses)
        {
            await anvil.CallAsync("anvil_setBalance", a.ToString(), "0x3635c9adc5dea00000"); // 1000 ETH
        }
        await using var host = DevnetHost.Build(new()
        {
            ["Ethereum:Rpc"] = anvil.Rpc.ToString(),
            ["Devnet:Traffic"] = "true",
            ["Devnet:BlockTime"] = "1",
            ["Devnet:TrafficEveryBlocks"] = "1",
        });
        await host.StartAsync();

        var (token, pool) = await host.Traffic.Deployed.WaitAsync(Patience);
        // The deterministic addresses are key 0's CREATE addresses at nonces 0 and 1: the deployer was the dev key.
        Assert.Equal(DevnetContracts.TokenAddress, token, ignoreCase: true);
        Assert.Equal(DevnetContracts.PoolAddress, pool, ignoreCase: true);

        JsonElement[] transfers = [], swaps = [];
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience && (transfers.Count(NotAMint) < 11 || swaps.Length < 1))
        {
            await Task.Delay(300);
            transfers = await Rpc.LogsAsync(anvil.Rpc, token, DevnetContracts.TransferTopic);
            swaps = await Rpc.LogsAsync(anvil.Rpc, pool, DevnetContracts.SwapTopic);
        }
        Assert.True(transfers.Count(NotAMint) >= 11, $"only {transfers.Count(NotAMint)} transfers (9 seeds + 2 per round)");
        Assert.NotEmpty(swaps);

        using var client = new EthRpcClient(anvil.Rpc);
        var mint = transfers.Single(t => !NotAMint(t));
        var deployment = await TransactionOf(client, mint);
        Assert.Equal(DevnetKeys.Deployer.Address, deployment.RecoverSender());
        Assert.Null(deployment.To);
        foreach (var log in transfers.Where(NotAMint).Concat(swaps))
        {
            var tx = await TransactionOf(client, log);
            var sender = tx.RecoverSender();
            Assert.Contains(sender, devAddresses);
            Assert.Equal(tx.From, sender);
            Assert.Equal(TransactionType.DynamicFee, tx.Type);
            Assert.Equal(31337, (int)tx.ChainId!.Value);
            Assert.DoesNotContain(sender, unlocked);
        }
        Assert.Equal(0, host.Traffic.Failures);
        Assert.True(host.Traffic.TransactionsSent >= 11);
    }

    /// <summary>The transaction behind a log; GetTransactionAsync refuses fields that do not hash to the log's transaction hash.</summary>
    private static async Task<Transaction> TransactionOf(EthRpcClient client, JsonElement log) =>
        await client.GetTransactionAsync(Hash32.Parse(log.GetProperty("transactionHash").GetString()!), CancellationToken.None)
            ?? throw new InvalidOperationException("the node does not know the transaction of a log it returned");

    private static bool NotAMint(JsonElement log) =>
        log.GetProperty("topics")[1].GetString() != "0x" + new string('0', 64);
}
