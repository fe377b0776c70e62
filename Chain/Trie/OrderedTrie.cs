using Wsc.Chain.Rlp;

namespace Wsc.Chain.Trie;

/// <summary>Roots of index-keyed tries (transactions, receipts, withdrawals): key = RLP(index).</summary>
public static class OrderedTrie
{
    /// <summary>Root of the trie mapping RLP(i) to items[i].</summary>
    public static Hash32 Root(IReadOnlyList<byte[]> items)
    {
        var trie = new MerklePatriciaTrie();
        var w = new RlpWriter(16);
        for (var i = 0; i < items.Count; i++)
        {
            w.Reset();
            w.WriteUInt64((ulong)i);
            trie.Put(w.WrittenSpan, items[i]);
        }
        return trie.Root;
    }
}
