using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>A full block as RLP carries it: header, transactions, uncles and (from Shanghai) withdrawals.</summary>
public sealed class Block
{
    public required BlockHeader Header { get; init; }
    public required IReadOnlyList<Transaction> Transactions { get; init; }
    public required IReadOnlyList<BlockHeader> Uncles { get; init; }
    public IReadOnlyList<Withdrawal>? Withdrawals { get; init; }

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
