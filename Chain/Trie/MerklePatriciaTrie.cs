using Wsc.Chain.Crypto;

namespace Wsc.Chain.Trie;

/// <summary>
/// In-memory Merkle-Patricia trie (Ethereum yellow paper, appendix D): put, get, delete and root hash.
/// Nodes are immutable, so unchanged subtrees keep their cached hashes across updates.
/// </summary>
public sealed class MerklePatriciaTrie
{
    /// <summary>Root of the empty trie: keccak256(RLP("")).</summary>
    public static readonly Hash32 EmptyRoot = Hash32.Parse("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

    private TrieNode? _root;

    /// <summary>The root hash.</summary>
    public Hash32 Root => _root is null ? EmptyRoot : _root.Hash;

    /// <summary>Sets key to value; an empty value deletes the key, as in go-ethereum.</summary>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            Delete(key);
            return;
        }
        _root = Insert(_root, Nibbles.FromBytes(key), value.ToArray());
    }

    /// <summary>The value at key, or null.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        ReadOnlySpan<byte> path = Nibbles.FromBytes(key);
        var node = _root;
        while (node is not null)
        {
            switch (node)
            {
                case LeafNode leaf:
                    return path.SequenceEqual(leaf.Path) ? leaf.Value : null;
                case ExtensionNode ext:
                    if (!path.StartsWith(ext.Path))
                    {
                        return null;
                    }
                    path = path[ext.Path.Length..];
                    node = ext.Child;
                    break;
                case BranchNode branch:
                    if (path.IsEmpty)
                    {
                        return branch.Value;
                    }
                    node = branch.Children[path[0]];
                    path = path[1..];
                    break;
            }
        }
        return null;
    }

    /// <summary>
    /// A Merkle proof for key: the RLP of every hashed node on its path, root first (nodes under 32 bytes travel
    /// inside their parent). Proves presence or absence with <see cref="MerkleProof.Verify"/>.
    /// </summary>
    public IReadOnlyList<byte[]> Prove(ReadOnlySpan<byte> key)
    {
        var proof = new List<byte[]>();
        ReadOnlySpan<byte> path = Nibbles.FromBytes(key);
        var node = _root;
        var isRoot = true;
        while (node is not null)
        {
            if (isRoot || node.Encoded.Length >= 32)
            {
                proof.Add(node.Encoded);
            }
            isRoot = false;
            switch (node)
            {
                case LeafNode:
                    return proof;
                case ExtensionNode ext:
                    if (!path.StartsWith(ext.Path))
                    {
                        return proof;
                    }
                    path = path[ext.Path.Length..];
                    node = ext.Child;
                    break;
                case BranchNode branch:
                    if (path.IsEmpty)
                    {
                        return proof;
                    }
                    node = branch.Children[path[0]];
                    path = path[1..];
                    break;
            }
        }
        return proof;
    }

    /// <summary>Removes key if present.</summary>
    public void Delete(ReadOnlySpan<byte> key) => _root = Remove(_root, Nibbles.FromBytes(key));

    private static TrieNode Insert(TrieNode? node, byte[] path, byte[] value)
    {
        switch (node)
        {
            case null:
                return new LeafNode(path, value);
            case LeafNode leaf:
            {
                if (path.AsSpan().SequenceEqual(leaf.Path))
                {
                    return new LeafNode(path, value);
                }
                var k = Nibbles.CommonPrefix(path, leaf.Path);
                var children = new TrieNode?[16];
                byte[]? branchValue = null;
                Place(children, ref branchValue, leaf.Path[k..], leaf.Value);
                Place(children, ref branchValue, path[k..], value);
                TrieNode branch = new BranchNode(children, branchValue);
                return k > 0 ? new ExtensionNode(path[..k], branch) : branch;
            }
            case ExtensionNode ext:
            {
                var k = Nibbles.CommonPrefix(path, ext.Path);
                if (k == ext.Path.Length)
                {
                    return new ExtensionNode(ext.Path, Insert(ext.Child, path[k..], value));
                }
                var children = new TrieNode?[16];
                var rest = ext.Path[(k + 1)..];
                children[ext.Path[k]] = rest.Length > 0 ? new ExtensionNode(rest, ext.Child) : ext.Child;
                byte[]? branchValue = null;
                Place(children, ref branchValue, path[k..], value);
                TrieNode branch = new BranchNode(children, branchValue);
                return k > 0 ? new ExtensionNode(path[..k], branch) : branch;
            }
            case BranchNode b:
            {
                var children = (TrieNode?[])b.Children.Clone();
                if (path.Length == 0)
                {
                    return new BranchNode(children, value);
                }
                children[path[0]] = Insert(children[path[0]], path[1..], value);
                return new BranchNode(children, b.Value);
            }
            default:
                throw new InvalidOperationException("unknown trie node");
        }
    }

    private static void Place(TrieNode?[] children, ref byte[]? branchValue, byte[] rest, byte[] value)
    {
        if (rest.Length == 0)
        {
            branchValue = value;
        }
        else
        {
            children[rest[0]] = new LeafNode(rest[1..], value);
        }
    }

    private static TrieNode? Remove(TrieNode? node, byte[] path)
    {
        switch (node)
        {
            case null:
                return null;
            case LeafNode leaf:
                return path.AsSpan().SequenceEqual(leaf.Path) ? null : leaf;
            case ExtensionNode ext:
            {
                if (!path.AsSpan().StartsWith(ext.Path))
                {
                    return ext;
                }
                var child = Remove(ext.Child, path[ext.Path.Length..]);
                return ReferenceEquals(child, ext.Child) ? ext : Join(ext.Path, child);
            }
            case BranchNode b:
            {
                var children = (TrieNode?[])b.Children.Clone();
                var value = b.Value;
                if (path.Length == 0)
                {
                    if (value is null)
                    {
                        return b;
                    }
                    value = null;
                }
                else
                {
                    var old = children[path[0]];
                    var updated = Remove(old, path[1..]);
                    if (ReferenceEquals(old, updated))
                    {
                        return b;
                    }
                    children[path[0]] = updated;
                }
                return Collapse(children, value);
            }
            default:
                throw new InvalidOperationException("unknown trie node");
        }
    }

    /// <summary>A branch left with fewer than two entries becomes a leaf or an extension.</summary>
    private static TrieNode? Collapse(TrieNode?[] children, byte[]? value)
    {
        var count = 0;
        var only = -1;
        for (var i = 0; i < 16; i++)
        {
            if (children[i] is not null)
            {
                count++;
                only = i;
            }
        }
        if (count + (value is null ? 0 : 1) >= 2)
        {
            return new BranchNode(children, value);
        }
        if (count == 0)
        {
            return value is null ? null : new LeafNode([], value);
        }
        return Join([(byte)only], children[only]);
    }

    /// <summary>Prefixes a node with a path, merging consecutive path segments.</summary>
    private static TrieNode? Join(byte[] prefix, TrieNode? child) => child switch
    {
        null => null,
        LeafNode l => new LeafNode([.. prefix, .. l.Path], l.Value),
        ExtensionNode e => new ExtensionNode([.. prefix, .. e.Path], e.Child),
        _ => new ExtensionNode(prefix, child),
    };
}
