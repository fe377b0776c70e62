using System.Numerics;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Chain.Types;
using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>
/// Sends the automation transaction of a final output exactly once per (graph, block hash): the EIP-1559 transaction is
/// signed with the cluster's automation key (the project's own Chain signing), stored, and only then sent; a later call
/// (a retry, a restarted silo) finds it stored and sends the same bytes again, which the node accepts as the same
/// transaction (same hash) or has already mined. Nonces come from the store and the node, whichever is higher.
/// </summary>
public sealed class AutomationSender(EthRpcClient rpc, IAutomationStore store, PrivateKey key, ulong chainId)
{
    /// <summary>Fault-injection seam for tests: runs after the transaction is stored and before it is sent.</summary>
    public Func<AutomationTransaction, Task>? AfterPersist { get; init; }

    /// <summary>The automation key's address.</summary>
    public Address From => key.Address;

    /// <summary>Signs (once), stores, sends and checks the receipt of <paramref name="output"/>'s transaction to <paramref name="to"/>.</summary>
    public async Task<AutomationTransaction> FireAsync(ZkGraphOutput output, Address to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!AutomationRule.Fires(output))
        {
            throw new ArgumentException($"output of graph {output.GraphId} at block {output.Number} does not fire: status {output.Status}, {output.Output.Length} bytes");
        }
        var tx = await store.FindAsync(output.GraphId, output.Hash) ?? await SignAndStoreAsync(output, to, ct);
        if (AfterPersist is not null)
        {
            await AfterPersist(tx);
        }
        if (tx.IncludedIn is null)
        {
            var receipt = await rpc.GetTransactionReceiptAsync(Hash32.Parse(tx.TxHash), ct);
            if (receipt is null)
            {
                await SendAsync(tx, ct);
                receipt = await rpc.GetTransactionReceiptAsync(Hash32.Parse(tx.TxHash), ct);
            }
            if (receipt?.BlockNumber is ulong block)
            {
                await store.IncludedAsync(tx.GraphId, tx.BlockHash, block, receipt.Status != false);
                tx = tx with { IncludedIn = block, Succeeded = receipt.Status != false };
            }
        }
        return tx;
    }

    private async Task SendAsync(AutomationTransaction tx, CancellationToken ct)
    {
        try
        {
            await rpc.SendRawTransactionAsync(tx.Raw, ct);
        }
        catch (RpcException)
        {
            // The node has it already (a send before a restart got through): the same transaction, nothing to do.
            if (await rpc.GetTransactionAsync(Hash32.Parse(tx.TxHash), ct) is null)
            {
                throw;
            }
        }
    }

    private async Task<AutomationTransaction> SignAndStoreAsync(ZkGraphOutput output, Address to, CancellationToken ct)
    {
        var from = key.Address;
        var gas = await rpc.EstimateGasAsync(from, to, output.Output, BigInteger.Zero, ct);
        var tip = await rpc.MaxPriorityFeeAsync(ct);
        var price = await rpc.GasPriceAsync(ct);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var nonce = Math.Max(await store.NextNonceAsync(from.ToString()), await rpc.GetTransactionCountAsync(from, "pending", ct));
            var signed = new Transaction
            {
                Type = TransactionType.DynamicFee,
                ChainId = chainId,
                Nonce = nonce,
                MaxPriorityFeePerGas = tip,
                // Twice the going price survives a few blocks of rising base fee.
                MaxFeePerGas = 2 * price + tip,
                Gas = gas + gas / 4,
                To = to,
                Input = output.Output,
            }.Sign(key);
            var tx = new AutomationTransaction(output.GraphId, output.Number, output.Hash, from.ToString(), nonce, signed.Hash.ToString(), signed.Encode());
            // Another output took the nonce first: sign again with the next one.
            if (await store.AddAsync(tx) is AutomationTransaction stored)
            {
                return stored;
            }
        }
        throw new InvalidOperationException($"automation key {from}: no free nonce after 8 attempts");
    }
}
