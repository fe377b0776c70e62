using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>A full block as RLP carries it: header, transactions, uncles and (from Shanghai) withdrawals.</summary>
public sealed class Block
{
    public required BlockHeader Header { get; init; }
    public required IReadOnlyList<Transaction> Transactions { get; init; }
    public required IReadOnlyList<BlockHeader> Uncles { get; init; }
    public IReadOnlyList<Withdrawal>? Withdrawals { get; init; }

    /// <summary>
    /// Builds a block from a JSON-RPC block object fetched with full transactions, plus its uncle headers (fetched
    /// separately; empty after the merge). Call <see cref="Verify"/> before trusting it.
    /// </summary>
    public static Block FromJson(JsonElement block, IReadOnlyList<BlockHeader> uncles)
    {
        var txs = new List<Transaction>();
        foreach (var t in Json.Array(block, "transactions").EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("block transactions are hashes; fetch the block with full transactions");
            }
            txs.Add(Transaction.FromJson(t));
        }
        List<Withdrawal>? withdrawals = null;
        if (Json.TryGet(block, "withdrawals", out var ws))
        {
            withdrawals = ws.EnumerateArray().Select(Withdrawal.FromJson).ToList();
        }
        return new Block { Header = BlockHeader.FromJson(block), Transactions = txs, Uncles = uncles, Withdrawals = withdrawals };
    }

    /// <summary>Checks the body against the header: transactions root, uncles hash and withdrawals root. Throws FormatException naming the mismatch.</summary>
    public void Verify()
    {
        var txRoot = Transaction.ComputeRoot(Transactions);
        if (txRoot != Header.TransactionsRoot)
        {
            throw new FormatException($"block {Header.Number}: {Transactions.Count} transactions hash to root {txRoot}, header says {Header.TransactionsRoot}");
        }
        var w = new RlpWriter(64);
        var m = w.StartList();
        foreach (var u in Uncles)
        {
            u.Write(w);
        }
        w.EndList(m);
        var unclesHash = Keccak.Hash(w.WrittenSpan);
        if (unclesHash != Header.UnclesHash)
        {
            throw new FormatException($"block {Header.Number}: {Uncles.Count} uncles hash to {unclesHash}, header says {Header.UnclesHash}");
        }
        if (Header.WithdrawalsRoot is { } expected)
        {
            var root = Withdrawal.ComputeRoot(Withdrawals ?? throw new FormatException($"block {Header.Number}: header commits to withdrawals but the body has none"));
            if (root != expected)
            {
                throw new FormatException($"block {Header.Number}: withdrawals hash to root {root}, header says {expected}");
            }
        }
        else if (Withdrawals is { Count: > 0 })
        {
            throw new FormatException($"block {Header.Number}: body carries withdrawals the header does not commit to");
        }
    }

    /// <summary>Strictly decodes a block spanning the whole input.</summary>
    public static Block Decode(ReadOnlySpan<byte> rlp)
    {
        var outer = new RlpReader(rlp);
        var block = Read(ref outer);
        outer.EnsureEnd("block");
        return block;
    }

    /// <summary>Reads one block list (chain.rlp is a concatenation of these).</summary>
    public static Block Read(ref RlpReader reader)
    {
        var r = reader.ReadList();
        var header = BlockHeader.Read(ref r);
        var tr = r.ReadList();
        var txs = new List<Transaction>();
        while (tr.HasMore)
        {
            txs.Add(Transaction.Read(ref tr));
        }
        var ur = r.ReadList();
        var uncles = new List<BlockHeader>();
        while (ur.HasMore)
        {
            uncles.Add(BlockHeader.Read(ref ur));
        }
        List<Withdrawal>? withdrawals = null;
        if (r.HasMore)
        {
            withdrawals = [];
            var wr = r.ReadList();
            while (wr.HasMore)
            {
                withdrawals.Add(Withdrawal.Read(ref wr));
            }
        }
        r.EnsureEnd("block");
        return new Block { Header = header, Transactions = txs, Uncles = uncles, Withdrawals = withdrawals };
    }
}
