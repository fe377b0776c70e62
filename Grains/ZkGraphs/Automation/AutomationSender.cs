using System.Numerics;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rpc;
using Wsc.Chain.Types;
using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>
/// Sends the automation transaction of a final output exactly once per (graph, block hash). The EIP-1559 transaction
/// is signed with the cluster's automation key (the project's own Chain signing), stored, and only then sent; a later
/// call (a retry, a restarted silo) finds it stored and sends the same bytes again, which the node accepts as the same
/// transaction (same hash) or has already mined. Nonces come from the store and the node, whichever is higher. Every
/// signing of an output shares its nonce, so whatever happens at most one of them lands:
/// a transaction stuck under the base fee is signed again with higher fees (<see cref="AutomationFeePolicy"/>), and one
/// whose block a reorg dropped is sent again (<see cref="CheckAsync"/>, driven by the graph's settles until the
/// inclusion is final).
/// </summary>
public sealed class AutomationSender(EthRpcClient rpc, IAutomationStore store, PrivateKey key, ulong chainId)
{
    /// <summary>Fault-injection seam for tests: runs after the transaction is stored and before it is sent.</summary>
    public Func<AutomationTransaction, Task>? AfterPersist { get; init; }

    /// <summary>Fault-injection seam for tests: runs right after the node accepted the transaction.</summary>
    public Func<AutomationTransaction, Task>? AfterSend { get; init; }

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
        return await CheckAsync(tx, ct);
    }

    /// <summary>
    /// Brings a stored transaction up to date with the node: the receipt of any of its signings is recorded; with none,
    /// an inclusion recorded before is cleared (a reorg dropped its block), a signing stuck under the base fee is
    /// replaced, and the current signing is sent (again).
    /// </summary>
    public async Task<AutomationTransaction> CheckAsync(AutomationTransaction tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (await ReceiptAsync(tx, ct) is { } mined)
        {
            return await RecordAsync(tx, mined.Hash, mined.Receipt);
        }
        if (tx.IncludedIn is not null)
        {
            await store.IncludedAsync(tx.GraphId, tx.BlockHash, null, null, null);
            tx = tx with { IncludedIn = null, Succeeded = null, IncludedHash = null };
        }
        tx = await BumpIfStuckAsync(tx, ct);
        await SendAsync(tx, ct);
        if (AfterSend is not null)
        {
            await AfterSend(tx);
        }
        var receipt = await rpc.GetTransactionReceiptAsync(Hash32.Parse(tx.TxHash), ct);
        return receipt?.BlockNumber is null ? tx : await RecordAsync(tx, tx.TxHash, receipt);
    }

    private async Task<(string Hash, Receipt Receipt)?> ReceiptAsync(AutomationTransaction tx, CancellationToken ct)
    {
        foreach (var hash in tx.Hashes)
        {
            if (await rpc.GetTransactionReceiptAsync(Hash32.Parse(hash), ct) is { BlockNumber: not null } receipt)
            {
                return (hash, receipt);
            }
        }
        return null;
    }

    private async Task<AutomationTransaction> RecordAsync(AutomationTransaction tx, string hash, Receipt receipt)
    {
        var block = receipt.BlockNumber!.Value;
        var ok = receipt.Status != false;
        if (tx.IncludedIn != block || tx.IncludedHash != hash || tx.Succeeded != ok)
        {
            await store.IncludedAsync(tx.GraphId, tx.BlockHash, hash, block, ok);
        }
        return tx with { IncludedIn = block, Succeeded = ok, IncludedHash = hash };
    }

    private async Task<AutomationTransaction> BumpIfStuckAsync(AutomationTransaction tx, CancellationToken ct)
    {
        var signed = Transaction.Decode(tx.Raw);
        if (await rpc.GetHeaderAsync("latest", ct) is not { BaseFeePerGas: BigInteger baseFee }
            || !AutomationFeePolicy.Stuck(signed.MaxFeePerGas, baseFee))
        {
            return tx;
        }
        var (tip, cap) = AutomationFeePolicy.Bump(signed.MaxPriorityFeePerGas, signed.MaxFeePerGas, baseFee, await rpc.MaxPriorityFeeAsync(ct));
        var bumped = new Transaction
        {
            Type = TransactionType.DynamicFee,
            ChainId = chainId,
            Nonce = tx.Nonce,
            MaxPriorityFeePerGas = tip,
            MaxFeePerGas = cap,
            Gas = signed.Gas,
            To = signed.To,
            Input = signed.Input,
        }.Sign(key);
        // Stored before it is sent, like the first signing.
        return await store.ReplaceAsync(tx.GraphId, tx.BlockHash, tx.TxHash, bumped.Hash.ToString(), bumped.Encode());
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
                MaxFeePerGas = AutomationFeePolicy.FirstCap(price, tip),
                Gas = gas + gas / 4,
                To = to,
                Input = output.Output,
            }.Sign(key);
            var tx = new AutomationTransaction(output.GraphId, output.Number, output.Hash, from.ToString(), nonce, signed.Hash.ToString(), signed.Encode())
            {
                ReceiptId = output.ReceiptId,
            };
            // Another output took the nonce first: sign again with the next one.
            if (await store.AddAsync(tx) is AutomationTransaction stored)
            {
                return stored;
            }
        }
        throw new InvalidOperationException($"automation key {from}: no free nonce after 8 attempts");
    }
}
