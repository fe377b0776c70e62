using Wsc.Chain.Rlp;
using Wsc.Chain.Trie;

namespace Wsc.Chain.Tests.Trie;

/// <summary>The direct ordered-trie builder (leaves hashed together) against the insert-by-insert trie.</summary>
public sealed class OrderedTrieBuilderTests
{
    private static Hash32 Reference(IReadOnlyList<byte[]> items)
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

    private static List<byte[]> Items(Random rng, int count) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            // Short items (embedded in their parent, under 32 bytes encoded) as well as long ones (referenced by hash).
            var b = new byte[rng.Next(3) == 0 ? rng.Next(1, 30) : rng.Next(30, 700)];
            rng.NextBytes(b);
            return b;
        })];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(300)]
    public void Every_size_gives_the_root_of_the_insert_by_insert_trie(int count)
    {
        var rng = new Random(count + 1);
        for (var round = 0; round < 5; round++)
        {
            var items = Items(rng, count);
            Assert.Equal(Reference(items), OrderedTrie.Root(items));
        }
    }

    [Theory]
    [InlineData(256, 1)]
    [InlineData(257, 40)]
    [InlineData(65537, 1)]
    [InlineData(65537, 33)]
    public void Short_items_and_three_byte_keys_give_the_same_root(int count, int maxLength)
    {
        // One-byte items make embedded leaves, branches and extensions; 65,536 and up have three-byte RLP keys.
        var rng = new Random(count * 31 + maxLength);
        var items = Enumerable.Range(0, count).Select(_ =>
        {
            var b = new byte[rng.Next(1, maxLength + 1)];
            rng.NextBytes(b);
            return b;
        }).ToList();
        Assert.Equal(Reference(items), OrderedTrie.Root(items));
    }

    [Fact]
    public void Many_sets_at_once_give_each_its_own_root()
    {
        var rng = new Random(99);
        var sets = Enumerable.Range(0, 40).Select(i => (IReadOnlyList<byte[]>)Items(rng, rng.Next(0, 12))).ToList();
        var roots = OrderedTrie.Roots(sets);
        Assert.Equal(sets.Select(Reference), roots);
        // A changed byte in one item of one set changes that set's root only.
        var changed = sets.Select(s => (IReadOnlyList<byte[]>)[.. s.Select(x => (byte[])x.Clone())]).ToList();
        var victim = changed.FindIndex(s => s.Count > 3);
        changed[victim][2][0] ^= 1;
        var after = OrderedTrie.Roots(changed);
        for (var i = 0; i < sets.Count; i++)
        {
            Assert.Equal(i != victim, roots[i] == after[i]);
        }
    }

    [Fact]
    public void An_empty_item_is_a_leaf_not_a_deletion()
    {
        byte[][] items = [[1, 2, 3], [4, 5, 6]];
        Assert.NotEqual(OrderedTrie.Root(items), OrderedTrie.Root([.. items, []]));
    }

    [Fact]
    public void Null_sets_or_items_are_refused()
    {
        Assert.Throws<ArgumentException>(() => OrderedTrie.Roots([null!]));
        Assert.Throws<ArgumentException>(() => OrderedTrie.Root([[1], null!]));
    }
}
