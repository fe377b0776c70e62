using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Grains.ZkGraphs.Automation;
using Wsc.TestKit;

namespace Wsc.Grains.Tests.ZkGraphs;

/// <summary>
/// The automation sender on a real anvil: one transaction per (graph, block), the output as calldata; a restart between
/// persisting and sending sends the same transaction; a reorg that drops it sends it again; a signing stuck under the
/// base fee is replaced under the same nonce. Every case ends with exactly one transaction from the key on chain.
/// </summary>
public sealed class AutomationSenderTests : IDisposable
{
    private static readonly Address Target = Address.Parse("0x00000000000000000000000000000000000000a1");
    private static readonly PrivateKey Key = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"); // anvil account 1

    private readonly AnvilNode _anvil = new();
    private readonly EthRpcClient _rpc;

    public AutomationSenderTests() => _rpc = new EthRpcClient(_anvil.Rpc);

    public void Dispose()
    {
        _rpc.Dispose();
        _anvil.Dispose();
    }

    private static string H(int i) => "0x" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static ZkGraphOutput Out(int block, byte[] output, ZkGraphOutputStatus status = ZkGraphOutputStatus.Final) =>
        new(H(1), (ulong)block, H(100 + block), status, output, 0, null, 10, H(9), null, [], DateTime.UtcNow);

    private async Task<int> SentFromKeyAsync()
    {
        var head = await _rpc.BlockNumberAsync(CancellationToken.None);
        var count = 0;
        for (ulong n = 0; n <= head; n++)
        {
            var block = await _rpc.GetBlockAsync(n, CancellationToken.None);
            count += block!.Transactions.Count(t => t.RecoverSender() == Key.Address);
        }
        return count;
    }

    [Fact]
    public async Task A_final_output_lands_once_with_the_output_as_calldata()
    {
        var store = new MemoryAutomationStore();
        var sender = new AutomationSender(_rpc, store, Key, 31337);
        var first = await UntilIncludedAsync(sender, Out(5, [0xde, 0xad, 0xbe, 0xef]));
        Assert.NotNull(first.IncludedIn); // anvil automines (its receipt may trail the send by a moment)
        Assert.True(first.Succeeded);
        var again = await sender.FireAsync(Out(5, [0xde, 0xad, 0xbe, 0xef]), Target, CancellationToken.None);
        Assert.Equal(first.TxHash, again.TxHash);

        var tx = await _rpc.GetTransactionAsync(Hash32.Parse(first.TxHash), CancellationToken.None);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, tx!.Input);
        Assert.Equal(Target, tx.To);
        Assert.Equal(Wsc.Chain.Types.TransactionType.DynamicFee, tx.Type);
        Assert.Equal(1, await SentFromKeyAsync());

        // Another block's output takes the next nonce.
        var second = await UntilIncludedAsync(sender, Out(6, [0x01]));
        Assert.Equal(first.Nonce + 1, second.Nonce);
        Assert.Equal(2, await SentFromKeyAsync());
    }

    [Fact]
    public async Task A_restart_between_persisting_and_sending_sends_the_same_transaction_once()
    {
        var store = new MemoryAutomationStore();
        var crashing = new AutomationSender(_rpc, store, Key, 31337) { AfterPersist = _ => throw new OperationCanceledException("silo died") };
        await Assert.ThrowsAsync<OperationCanceledException>(() => crashing.FireAsync(Out(7, [0x42]), Target, CancellationToken.None));
        var persisted = await store.FindAsync(H(1), H(107));
        Assert.NotNull(persisted);
        Assert.Equal(0, await SentFromKeyAsync());

        // The restarted silo: a new sender over the same store re-sends the stored bytes.
        var restarted = new AutomationSender(_rpc, store, Key, 31337);
        var sent = await UntilIncludedAsync(restarted, Out(7, [0x42]));
        Assert.Equal(persisted.TxHash, sent.TxHash);
        Assert.Equal(Keccak.Hash(persisted.Raw).ToString(), sent.TxHash);
        Assert.NotNull(sent.IncludedIn);
        // And again after it is mined (a restart right after sending): nothing new is sent.
        var afterSend = new MemoryAutomationStore();
        await afterSend.AddAsync(persisted); // as stored before the send: not yet marked included
        var resent = new AutomationSender(_rpc, afterSend, Key, 31337);
        Assert.Equal(persisted.TxHash, (await resent.FireAsync(Out(7, [0x42]), Target, CancellationToken.None)).TxHash);
        Assert.Equal(1, await SentFromKeyAsync());
    }

    [Fact]
    public async Task A_reorg_that_drops_the_included_transaction_sends_it_again_with_the_same_nonce()
    {
        var store = new MemoryAutomationStore();
        var sender = new AutomationSender(_rpc, store, Key, 31337);
        var output = Out(10, [0x42]) with { ReceiptId = "job-of-block-10" };
        var first = await UntilIncludedAsync(sender, output);
        Assert.NotNull(first.IncludedIn);
        Assert.Equal("job-of-block-10", first.ReceiptId);
        await _anvil.MineAsync(2);

        // Replace the block that held it (and the two after) by three empty ones: anvil drops the transaction outright.
        var head = await _rpc.BlockNumberAsync(CancellationToken.None);
        await _anvil.CallAsync("anvil_reorg", (int)(head - first.IncludedIn!.Value + 1), Array.Empty<object>());
        Assert.Null(await _rpc.GetTransactionReceiptAsync(Hash32.Parse(first.TxHash), CancellationToken.None));
        Assert.Equal(0, await SentFromKeyAsync());

        // The graph's settle re-checks the watched transaction: the same bytes go out again and land once.
        Assert.Single(await store.WatchedAsync(H(1), first.IncludedIn.Value - 1, 32));
        var again = await sender.CheckAsync((await store.FindAsync(H(1), H(110)))!, CancellationToken.None);
        for (var i = 0; again.IncludedIn is null && i < 50; i++)
        {
            await Task.Delay(100);
            again = await sender.CheckAsync(again, CancellationToken.None);
        }
        Assert.Equal((first.TxHash, first.Nonce), (again.TxHash, again.Nonce));
        Assert.NotNull(again.IncludedIn);
        Assert.Equal(again.IncludedIn, (await store.FindAsync(H(1), H(110)))!.IncludedIn);
        Assert.Equal(1, await SentFromKeyAsync());
        // Checked again on a chain that kept it: nothing more is sent.
        await sender.CheckAsync(again, CancellationToken.None);
        Assert.Equal(1, await SentFromKeyAsync());
    }

    [Fact]
    public async Task A_transaction_stuck_under_the_base_fee_is_replaced_under_the_same_nonce_and_lands_once()
    {
        var store = new MemoryAutomationStore();
        var crashing = new AutomationSender(_rpc, store, Key, 31337) { AfterPersist = _ => throw new OperationCanceledException("silo died") };
        await Assert.ThrowsAsync<OperationCanceledException>(() => crashing.FireAsync(Out(11, [0x43]), Target, CancellationToken.None));
        var persisted = (await store.FindAsync(H(1), H(111)))!;
        var signed = Wsc.Chain.Types.Transaction.Decode(persisted.Raw);

        // The base fee rises far above the signed cap before it is sent: the node refuses it as it is.
        await _anvil.CallAsync("anvil_setNextBlockBaseFeePerGas", "0x" + (signed.MaxFeePerGas * 10).ToString("x"));
        await _anvil.MineAsync(1);
        await Assert.ThrowsAsync<RpcException>(() => _rpc.SendRawTransactionAsync(persisted.Raw, CancellationToken.None));

        var restarted = new AutomationSender(_rpc, store, Key, 31337);
        var sent = await UntilIncludedAsync(restarted, Out(11, [0x43]));
        Assert.NotNull(sent.IncludedIn);
        Assert.NotEqual(persisted.TxHash, sent.TxHash);
        Assert.Equal(persisted.Nonce, sent.Nonce);
        Assert.Equal(persisted.Raw, Assert.Single(sent.Replaced));
        Assert.Equal(sent.TxHash, sent.IncludedHash);
        var bumped = Wsc.Chain.Types.Transaction.Decode(sent.Raw);
        Assert.True(bumped.MaxFeePerGas > signed.MaxFeePerGas * 10, "the cap clears the raised base fee");
        Assert.True(bumped.MaxPriorityFeePerGas * 10 >= signed.MaxPriorityFeePerGas * 11, "the tip rises by at least 10%");
        Assert.Equal(signed.Input, bumped.Input);
        Assert.Equal(1, await SentFromKeyAsync());
        Assert.Contains(sent.TxHash + " included in block", sent.Result(Target.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_fee_policy_replaces_only_a_cap_below_the_next_base_fee_and_raises_both_fees()
    {
        Assert.False(AutomationFeePolicy.Stuck(1125, 1000));
        Assert.True(AutomationFeePolicy.Stuck(1124, 1000));
        var (tip, cap) = AutomationFeePolicy.Bump(100, 3000, 1000, 50);
        Assert.True(tip >= 110 && cap >= 3300);
        Assert.True(cap >= 2 * 1125 + tip);
        Assert.Equal(1, AutomationFeePolicy.Bump(0, 0, 0, 0).Tip);
        Assert.Equal(500, AutomationFeePolicy.Bump(100, 3000, 1000, 500).Tip);
        Assert.Equal(2 * 20000 + 1801, AutomationFeePolicy.FirstCap(20000, 1801));
    }

    [Fact]
    public async Task Orphaned_executed_failed_and_empty_outputs_never_fire()
    {
        var sender = new AutomationSender(_rpc, new MemoryAutomationStore(), Key, 31337);
        foreach (var o in new[] { Out(8, [1], ZkGraphOutputStatus.Orphaned), Out(8, [1], ZkGraphOutputStatus.Executed), Out(8, [1], ZkGraphOutputStatus.Failed), Out(8, []) })
        {
            Assert.False(AutomationRule.Fires(o));
            await Assert.ThrowsAsync<ArgumentException>(() => sender.FireAsync(o, Target, CancellationToken.None));
        }
        Assert.Equal(0, await SentFromKeyAsync());
    }

    /// <summary>
    /// Fires until the receipt is read, as the graph's settles do: the node may answer the receipt a moment after the
    /// send, and each later call re-sends the same stored transaction.
    /// </summary>
    private static async Task<AutomationTransaction> UntilIncludedAsync(AutomationSender sender, ZkGraphOutput output)
    {
        for (var attempt = 0; ; attempt++)
        {
            var tx = await sender.FireAsync(output, Target, CancellationToken.None);
            if (tx.IncludedIn is not null || attempt == 50)
            {
                return tx;
            }
            await Task.Delay(100);
        }
    }
}
