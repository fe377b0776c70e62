using System.Diagnostics;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Wsc.Silo.Devnet;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Devnet;

public sealed class DevnetTrafficTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Traffic_deploys_both_contracts_at_the_deterministic_addresses_and_emits_Transfer_Sync_and_Swap_logs()
    {
        await using var host = DevnetHost.Build(new()
        {
            ["Devnet:Port"] = "0",
            ["Devnet:BlockTime"] = "0.2",
            ["Devnet:TrafficEveryBlocks"] = "1",
        });
        await host.StartAsync();
        var rpc = host.Endpoint.Rpc;

        var (token, pool) = await host.Traffic.Deployed.WaitAsync(Patience);

        Assert.Equal(DevnetContracts.TokenAddress, token, ignoreCase: true);
        Assert.Equal(DevnetContracts.PoolAddress, pool, ignoreCase: true);
        // The code at the token address is DevToken: decimals() answers 18 and the deployer holds the rest of the supply.
        var decimals = await Rpc.CallAsync(rpc, "eth_call", new { to = token, data = "0x313ce567" }, "latest");
        Assert.Equal(18, (int)Parse(decimals.GetString()![2..]));
        Assert.True((await Rpc.CallAsync(rpc, "eth_getCode", pool, "latest")).GetString()!.Length > 2);

        // Within a few blocks: transfers between accounts (not only the mint), and swaps with their Sync.
        var deadline = Stopwatch.StartNew();
        JsonElement[] transfers = [], syncs = [], swaps = [];
        while (deadline.Elapsed < Patience)
        {
            // One block range for all three reads: with "latest" each, a swap mined between the Sync read and the
            // Swap read was counted without its Sync.
            var head = Parse((await Rpc.CallAsync(rpc, "eth_blockNumber")).GetString()![2..]);
            transfers = await Rpc.LogsAsync(rpc, token, DevnetContracts.TransferTopic, (ulong)head);
            syncs = await Rpc.LogsAsync(rpc, pool, DevnetContracts.SyncTopic, (ulong)head);
            swaps = await Rpc.LogsAsync(rpc, pool, DevnetContracts.SwapTopic, (ulong)head);
            if (transfers.Count(NotAMint) >= 2 && swaps.Length >= 2)
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.True(transfers.Count(NotAMint) >= 2, $"only {transfers.Length} Transfer logs after {deadline.Elapsed}");
        Assert.True(swaps.Length >= 2, $"only {swaps.Length} Swap logs after {deadline.Elapsed}");
        // Every swap is preceded by its Sync (Uniswap V2 order), plus the constructor's Sync.
        Assert.True(syncs.Length >= swaps.Length + 1, $"{syncs.Length} Sync logs for {swaps.Length} Swap logs");
        var firstSwap = swaps[0];
        Assert.Equal(3, firstSwap.GetProperty("topics").GetArrayLength());
        Assert.Equal(2 + 4 * 64, firstSwap.GetProperty("data").GetString()!.Length);
        Assert.Equal(0, host.Traffic.Failures);
    }

    [Fact]
    public async Task Pool_price_crosses_the_centre_both_ways_over_time()
    {
        await using var host = DevnetHost.Build(new()
        {
            ["Devnet:Port"] = "0",
            ["Devnet:BlockTime"] = "0.1",
            ["Devnet:TrafficEveryBlocks"] = "1",
        });
        await host.StartAsync();
        var (_, pool) = await host.Traffic.Deployed.WaitAsync(Patience);

        bool above = false, below = false;
        var deadline = Stopwatch.StartNew();
        while (!(above && below) && deadline.Elapsed < Patience)
        {
            foreach (var sync in await Rpc.LogsAsync(host.Endpoint.Rpc, pool, DevnetContracts.SyncTopic))
            {
                var data = sync.GetProperty("data").GetString()!;
                var price = (double)Parse(data[66..130]) / (double)Parse(data[2..66]);
                above |= price > DevnetTraffic.CenterPrice * 1.01;
                below |= price < DevnetTraffic.CenterPrice * 0.99;
            }
            await Task.Delay(300);
        }
        Assert.True(above, "the pool price never rose 1% above 2000");
        Assert.True(below, "the pool price never fell 1% below 2000");
    }

    [Fact]
    public async Task Traffic_survives_an_unreachable_rpc_and_deploys_once_the_node_answers()
    {
        var port = FreePort.Next();
        await using var host = DevnetHost.Build(new()
        {
            ["Ethereum:Rpc"] = $"http://127.0.0.1:{port}",
            ["Devnet:Traffic"] = "true",
            ["Devnet:BlockTime"] = "0.2",
        });
        await host.StartAsync();
        var deadline = Stopwatch.StartNew();
        while (host.Traffic.Failures < 2 && deadline.Elapsed < Patience)
        {
            await Task.Delay(50);
        }
        Assert.True(host.Traffic.Failures >= 2);
        Assert.False(host.Lifetime.ApplicationStopping.IsCancellationRequested);

        await using var anvil = await AnvilProcess.StartAsync(
            new AnvilStartOptions(AnvilNode.Locate(), Port: port, BlockTime: 0.2), NullLogger.Instance);
        var (token, pool) = await host.Traffic.Deployed.WaitAsync(Patience);

        Assert.Equal(DevnetContracts.TokenAddress, token, ignoreCase: true);
        Assert.Equal(DevnetContracts.PoolAddress, pool, ignoreCase: true);
    }

    [Fact]
    public async Task Traffic_redeploys_when_the_node_is_reset_under_it()
    {
        var port = FreePort.Next();
        await using var anvil = await AnvilProcess.StartAsync(
            new AnvilStartOptions(AnvilNode.Locate(), Port: port, BlockTime: 0.2), NullLogger.Instance);
        await using var host = DevnetHost.Build(new()
        {
            ["Ethereum:Rpc"] = anvil.Rpc.ToString(),
            ["Devnet:Traffic"] = "true",
            ["Devnet:BlockTime"] = "0.2",
            ["Devnet:TrafficEveryBlocks"] = "1",
        });
        await host.StartAsync();
        await host.Traffic.Deployed.WaitAsync(Patience);

        await Rpc.CallAsync(anvil.Rpc, "anvil_reset");
        Assert.Equal("0x", (await Rpc.CallAsync(anvil.Rpc, "eth_getCode", DevnetContracts.PoolAddress, "latest")).GetString());

        var deadline = Stopwatch.StartNew();
        var swaps = Array.Empty<JsonElement>();
        while (swaps.Length == 0 && deadline.Elapsed < Patience)
        {
            await Task.Delay(200);
            swaps = await Rpc.LogsAsync(anvil.Rpc, DevnetContracts.PoolAddress, DevnetContracts.SwapTopic);
        }
        Assert.NotEmpty(swaps);
        Assert.True(host.Traffic.Failures >= 1, "the lost contracts should have failed one round");
    }

    [Fact]
    public async Task Selectors_and_topics_are_the_keccak_of_their_signatures()
    {
        using var anvil = new AnvilNode();
        async Task<string> Keccak(string signature) =>
            (await anvil.CallAsync("web3_sha3", "0x" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(signature)))).GetString()!;

        Assert.Equal(DevnetContracts.TransferTopic, await Keccak("Transfer(address,address,uint256)"));
        Assert.Equal(DevnetContracts.ApprovalTopic, await Keccak("Approval(address,address,uint256)"));
        Assert.Equal(DevnetContracts.SyncTopic, await Keccak("Sync(uint112,uint112)"));
        Assert.Equal(DevnetContracts.SwapTopic, await Keccak("Swap(address,uint256,uint256,uint256,uint256,address)"));
        Assert.Equal(DevnetContracts.TransferSelector, (await Keccak("transfer(address,uint256)"))[..10]);
        Assert.Equal(DevnetContracts.BalanceOfSelector, (await Keccak("balanceOf(address)"))[..10]);
        Assert.Equal(DevnetContracts.SwapSelector, (await Keccak("swap(uint256,uint256,address)"))[..10]);
        Assert.Equal(DevnetContracts.GetReservesSelector, (await Keccak("getReserves()"))[..10]);
    }

    [Theory]
    [InlineData(2100.0)]
    [InlineData(1900.0)]
    [InlineData(2000.5)]
    public void SwapToward_moves_a_constant_product_pool_to_the_target_price(double target)
    {
        var r0 = 1_000 * BigInteger.Pow(10, 18);
        var r1 = 2_000_000 * BigInteger.Pow(10, 18);

        var (in0, in1) = DevnetTraffic.SwapToward(r0, r1, target);

        Assert.True(in0.IsZero != in1.IsZero, "exactly one input side");
        // The pool's own formula (DevPool.swap).
        var (n0, n1) = in0 > 0 ? (r0 + in0, r1 - r1 * in0 / (r0 + in0)) : (r0 - r0 * in1 / (r1 + in1), r1 + in1);
        Assert.Equal(target, (double)n1 / (double)n0, target * 1e-6);
    }

    [Fact]
    public void Target_price_is_a_wave_that_goes_above_and_below_the_centre()
    {
        var prices = Enumerable.Range(0, DevnetTraffic.WaveRounds).Select(r => DevnetTraffic.TargetPrice((ulong)r)).ToArray();
        Assert.Contains(prices, p => p > DevnetTraffic.CenterPrice * 1.04);
        Assert.Contains(prices, p => p < DevnetTraffic.CenterPrice * 0.96);
        Assert.Equal(prices[0], DevnetTraffic.TargetPrice((ulong)DevnetTraffic.WaveRounds), 9);
    }

    [Fact]
    public void Abi_words_are_left_padded_and_refuse_bad_input()
    {
        Assert.Equal("a9059cbb" + new string('0', 24) + "f39fd6e51aad88f6f4ce6ab8827279cfffb92266" + new string('0', 63) + "5",
            DevnetContracts.EncodeTransfer(DevnetContracts.Deployer, 5)[2..]);
        Assert.Throws<ArgumentException>(() => DevnetContracts.Word("0x1234"));
        Assert.Throws<ArgumentException>(() => DevnetContracts.Word("0xzz9Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
        Assert.Throws<ArgumentOutOfRangeException>(() => DevnetContracts.Word(BigInteger.MinusOne));
        Assert.Throws<ArgumentOutOfRangeException>(() => DevnetContracts.Word(BigInteger.Pow(2, 256)));
    }

    private static bool NotAMint(JsonElement log) =>
        log.GetProperty("topics")[1].GetString() != "0x" + new string('0', 64);

    private static BigInteger Parse(string hex) =>
        BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
}
