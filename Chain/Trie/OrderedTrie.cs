using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Trie;

/// <summary>
/// Roots of index-keyed tries (transactions, receipts, withdrawals): key = RLP(index). Built directly from the sorted
/// keys (no insert-by-insert trie), and the leaves of every trie asked for at once are hashed together
/// (<see cref="KeccakMany"/>, eight at a time on AVX-512): leaves hold the items themselves and are most of the
/// hashing. Checked against <see cref="MerklePatriciaTrie"/> and the fixtures' roots in the tests.
/// </summary>
public static class OrderedTrie
{
    /// <summary>Root of the trie mapping RLP(i) to items[i].</summary>
    public static Hash32 Root(IReadOnlyList<byte[]> items) => Roots([items])[0];

    /// <summary>
    /// The root of each set's trie (RLP(i) → set[i]), hashing all their leaves together. Every item is a leaf, an empty
    /// one too (the insert-by-insert trie would read an empty value as a deletion); consensus encodings are never empty.
    /// </summary>
    public static Hash32[] Roots(IReadOnlyList<IReadOnlyList<byte[]>> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var roots = new Node?[sets.Count];
        var leaves = new List<Leaf>();
        var w = new RlpWriter(64);
        for (var s = 0; s < sets.Count; s++)
        {
            var items = sets[s] ?? throw new ArgumentException($"set {s} is null", nameof(sets));
            if (items.Count == 0)
            {
                continue;
            }
            var keyed = new (byte[] Path, byte[] Value)[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                w.Reset();
                w.WriteUInt64((ulong)i);
                keyed[i] = (Nibbles.FromBytes(w.WrittenSpan), items[i] ?? throw new ArgumentException($"set {s} item {i} is null", nameof(sets)));
            }
            Array.Sort(keyed, static (a, b) => a.Path.AsSpan().SequenceCompareTo(b.Path));
            roots[s] = Build(keyed, 0, keyed.Length, 0, leaves);
        }

        // Leaves first, all sets at once: each leaf's encoding, hashed where it is referenced by hash (32 bytes or more).
        var hashed = new List<Leaf>(leaves.Count);
        var encodings = new List<byte[]>(leaves.Count);
        foreach (var leaf in leaves)
        {
            w.Reset();
            var list = w.StartList();
            w.WriteBytes(Nibbles.EncodeCompact(leaf.Path, leaf: true));
            w.WriteBytes(leaf.Value);
            w.EndList(list);
            leaf.Encoded = w.ToArray();
            if (leaf.Encoded.Length >= 32)
            {
                hashed.Add(leaf);
                encodings.Add(leaf.Encoded);
            }
        }
        var hashes = new Hash32[encodings.Count];
        KeccakMany.Hash(encodings, hashes);
        for (var i = 0; i < hashed.Count; i++)
        {
            hashed[i].Hash = hashes[i];
        }

        var result = new Hash32[sets.Count];
        for (var s = 0; s < sets.Count; s++)
        {
            // The root is referenced by its hash whatever its size.
            result[s] = roots[s] switch
            {
                null => MerklePatriciaTrie.EmptyRoot,
                Leaf { Hash: { } h } => h,
                { } root => Keccak.Hash(Encode(root, w)),
            };
        }
        return result;
    }

    private abstract class Node
    {
        public byte[]? Encoded { get; set; }

        public Hash32? Hash { get; set; }
    }

    private sealed class Leaf(byte[] path, byte[] value) : Node
    {
        public byte[] Path { get; } = path;

        public byte[] Value { get; } = value;
    }

    private sealed class Extension(byte[] path, Node child) : Node
    {
        public byte[] Path { get; } = path;

        public Node Child { get; } = child;
    }

    private sealed class Branch(Node?[] children) : Node
    {
        public Node?[] Children { get; } = children;
    }

    /// <summary>The node for keys [lo, hi) (sorted), all sharing their first <paramref name="depth"/> nibbles.</summary>
    private static Node Build((byte[] Path, byte[] Value)[] keyed, int lo, int hi, int depth, List<Leaf> leaves)
    {
        if (hi - lo == 1)
        {
            var leaf = new Leaf(keyed[lo].Path[depth..], keyed[lo].Value);
            leaves.Add(leaf);
            return leaf;
        }
        // Sorted: the common prefix of the whole range is that of its first and last keys.
        var shared = Nibbles.CommonPrefix(keyed[lo].Path.AsSpan(depth), keyed[hi - 1].Path.AsSpan(depth));
        if (shared > 0)
        {
            return new Extension(keyed[lo].Path[depth..(depth + shared)], Build(keyed, lo, hi, depth + shared, leaves));
        }
        var children = new Node?[16];
        for (var start = lo; start < hi;)
        {
            if (keyed[start].Path.Length == depth)
            {
                // A key ending inside another key's path: never the case for RLP(index) keys (none prefixes another).
                throw new InvalidOperationException("ordered trie keys must not prefix one another");
            }
            var nibble = keyed[start].Path[depth];
            var end = start + 1;
            while (end < hi && keyed[end].Path[depth] == nibble)
            {
                end++;
            }
            children[nibble] = Build(keyed, start, end, depth + 1, leaves);
            start = end;
        }
        return new Branch(children);
    }

    private static byte[] Encode(Node node, RlpWriter scratch)
    {
        if (node.Encoded is { } done)
        {
            return done;
        }
        // Children first (their encodings or hashes go into this node's encoding).
        switch (node)
        {
            case Extension e:
                Encode(e.Child, scratch);
                break;
            case Branch b:
                foreach (var c in b.Children)
                {
                    if (c is not null)
                    {
                        Encode(c, scratch);
                    }
                }
                break;
        }
        scratch.Reset();
        var list = scratch.StartList();
        switch (node)
        {
            case Extension e:
                scratch.WriteBytes(Nibbles.EncodeCompact(e.Path, leaf: false));
                Reference(e.Child, scratch);
                break;
            case Branch b:
                foreach (var c in b.Children)
                {
                    if (c is null)
                    {
                        scratch.WriteBytes([]);
                    }
                    else
                    {
                        Reference(c, scratch);
                    }
                }
                // No value at a branch: see Build.
                scratch.WriteBytes([]);
                break;
            default:
                throw new InvalidOperationException("leaves are encoded before their parents");
        }
        scratch.EndList(list);
        return node.Encoded = scratch.ToArray();
    }

    /// <summary>A child inside its parent: its encoding when shorter than 32 bytes, else the hash of it.</summary>
    private static void Reference(Node child, RlpWriter w)
    {
        var encoded = child.Encoded!;
        if (encoded.Length < 32)
        {
            w.WriteRaw(encoded);
            return;
        }
        child.Hash ??= Keccak.Hash(encoded);
        w.Write(child.Hash.Value);
    }
}
