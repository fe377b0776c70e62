using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Grains.ZkGraphs.Automation;
using Wsc.TestKit;

namespace Wsc.Grains.Tests.ZkGraphs;

/// <summary>The automation sender on a real anvil: one transaction per (graph, block), the output as calldata, a restart between persisting and sending sends the same transaction.</summary>
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
        var second = await sender.FireAsync(Out(6, [0x01]), Target, CancellationToken.None);
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
