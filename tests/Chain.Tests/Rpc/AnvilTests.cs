using Wsc.TestKit;
using System.Numerics;
using Wsc.Chain.Abi;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Chain.Tests.Fixtures;
using Wsc.Chain.Types;

namespace Wsc.Chain.Tests.Rpc;

public sealed class AnvilTests
{
    private static readonly PrivateKey Key0 = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static readonly Address Account1 = Address.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly AbiEvent Ping = new("Ping(uint256 value)");

    /// <summary>Init code returning a runtime that emits Ping(calldata) as LOG1: CALLDATACOPY, PUSH32 topic, LOG1.</summary>
    private static byte[] PingContract()
    {
        byte[] runtime = [0x36, 0x60, 0x00, 0x60, 0x00, 0x37, 0x7f, .. Ping.Topic.ToArray(), 0x36, 0x60, 0x00, 0xa1, 0x00];
        byte[] init = [0x60, (byte)runtime.Length, 0x80, 0x60, 0x0b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3];
        return [.. init, .. runtime];
    }

    private static async Task<Receipt> SendAsync(EthRpcClient rpc, Address? to, byte[] input, BigInteger value, ulong gas)
    {
        var chainId = await rpc.ChainIdAsync(default);
        var nonce = await rpc.GetTransactionCountAsync(Key0.Address, "pending", default);
        var tip = await rpc.MaxPriorityFeeAsync(default);
        var head = (await rpc.GetHeaderAsync("latest", default))!;
        var tx = new Transaction
        {
            Type = TransactionType.DynamicFee, ChainId = chainId, Nonce = nonce, MaxPriorityFeePerGas = tip,
            MaxFeePerGas = (head.BaseFeePerGas!.Value * 2) + tip, Gas = gas, To = to, Value = value, Input = input,
        }.Sign(Key0);
        var hash = await rpc.SendRawTransactionAsync(tx.Encode(), default);
        Assert.Equal(tx.Hash, hash);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await rpc.WaitForReceiptAsync(hash, TimeSpan.FromMilliseconds(50), timeout.Token);
    }

    /// <summary>A client for the node (AnvilNode has already waited until it answers).</summary>
    private static EthRpcClient Client(AnvilNode anvil) =>
        new(anvil.Rpc, new RpcOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(20) });

    [Fact]
    public async Task Signed_transfers_and_events_round_trip_through_a_real_node()
    {
        using var anvil = new AnvilNode();
        using var rpc = Client(anvil);
        Assert.Equal(31337UL, await rpc.ChainIdAsync(default));
        await using var heads = await NewHeadsSubscription.ConnectAsync(anvil.Ws, default);
        var before = await rpc.GetBalanceAsync(Account1, "latest", default);

        var transfer = await SendAsync(rpc, Account1, [], BigInteger.Pow(10, 18), 21000);
        Assert.True(transfer.Status);
        Assert.Equal(before + BigInteger.Pow(10, 18), await rpc.GetBalanceAsync(Account1, "latest", default));
        var sent = await rpc.GetTransactionAsync(transfer.TransactionHash!.Value, default);
        Assert.Equal(Key0.Address, sent!.RecoverSender());
        Assert.Equal(TransactionType.DynamicFee, sent.Type);

        // Automine made one block per transaction; the subscription announces it, verified.
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await foreach (var h in heads.ReadAllAsync(wait.Token))
            {
                Assert.Equal(transfer.BlockHash, h.Hash);
                break;
            }
        }

        var deploy = await SendAsync(rpc, null, PingContract(), 0, 200_000);
        var contract = deploy.ContractAddress!.Value;
        Assert.Equal(ContractAddress.Create(Key0.Address, 1), contract);
        var call = await SendAsync(rpc, contract, AbiCodec.Encode(["uint256"], [new BigInteger(1000)]), 0, 100_000);
        Assert.True(call.Status);
        Assert.Single(call.Logs);
        Assert.Equal(new BigInteger(1000), Ping.Decode(call.Logs[0])["value"]);

        var header = (await rpc.GetHeaderAsync(call.BlockNumber!.Value, default))!;
        Assert.Equal(header.Hash, (await rpc.GetHeaderByHashAsync(header.Hash, default))!.Hash);
        var receipts = await rpc.GetReceiptsAsync(header, default);
        Assert.Equal(call.Logs[0].Data, receipts.Single().Logs[0].Data);
        Assert.True(header.LogsBloom.MightContain(contract.Span));

        var logs = await rpc.GetLogsAsync(new LogFilter { FromBlock = 0, ToBlock = header.Number, Addresses = [contract], Topics = [[Ping.Topic]] }, default);
        Assert.Single(logs);
        Assert.Equal(call.TransactionHash, logs[0].TransactionHash);

        var proof = await rpc.GetVerifiedProofAsync(Key0.Address, [], header, default);
        Assert.Equal(3UL, proof.Nonce);
        Assert.Empty(await rpc.EthCallAsync(contract, [], "latest", null, default));
        Assert.NotNull(await rpc.GetHeaderAsync("finalized", default));

        var full = (await rpc.GetBlockAsync(header.Number, default))!;
        Assert.Equal(call.TransactionHash, Assert.Single(full.Transactions).Hash);
        Assert.Equal(Key0.Address, full.Transactions[0].RecoverSender());

        var chain = await rpc.GetHeadersAsync(0, 10, default);
        Assert.Equal(header.Number + 1, (ulong)chain.Count);
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.Equal(chain[i - 1].Hash, chain[i].ParentHash);
        }
        var all = await rpc.GetReceiptsAsync(chain, default);
        Assert.Equal(3, all.Sum(r => r.Count));

        // The streaming batch path reads the same blocks to the same bytes.
        var raw = await rpc.GetRawBlocksAsync(0, 20, default);
        Assert.Equal(chain.Select(h => h.Encode()), raw.Select(b => b.HeaderRlp));
        Assert.Equal(chain.Select(h => h.Hash), raw.Select(b => b.Hash));
        Assert.Equal(all.Select(set => set.Select(r => r.Encode())), raw.Select(b => b.Receipts));
        Assert.Equal(all.Select(set => set.Sum(r => r.Logs.Count)), raw.Select(b => b.LogCount));
    }

    [Fact]
    public async Task Subscription_ends_when_the_node_goes_away()
    {
        var anvil = new AnvilNode();
        NewHeadsSubscription? heads = null;
        try
        {
            using var rpc = Client(anvil);
            heads = await NewHeadsSubscription.ConnectAsync(anvil.Ws, default);
            anvil.Dispose();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var ended = false;
            try
            {
                await foreach (var _ in heads.ReadAllAsync(wait.Token))
                {
                }
                ended = true;
            }
            catch (RpcTransportException)
            {
                ended = true;
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                ended = true;
            }
            Assert.True(ended);
            Assert.False(wait.IsCancellationRequested);
        }
        finally
        {
            if (heads is not null)
            {
                await heads.DisposeAsync();
            }
            anvil.Dispose();
        }
    }
}
