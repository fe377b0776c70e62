using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Trie;

/// <summary>An immutable in-memory trie node; its RLP and hash are computed once.</summary>
internal abstract class TrieNode
{
    private byte[]? _encoded;
    private Hash32? _hash;

    public byte[] Encoded => _encoded ??= EncodeNode();

    public Hash32 Hash => _hash ??= Keccak.Hash(Encoded);

    /// <summary>How a parent refers to this node: inline when its RLP is shorter than 32 bytes, else by hash.</summary>
    public void WriteReference(RlpWriter w)
    {
        var e = Encoded;
        if (e.Length < 32)
        {
            w.WriteRaw(e);
        }
        else
        {
            w.Write(Hash);
        }
    }

    protected abstract void Write(RlpWriter w);

    private byte[] EncodeNode()
    {
        var w = new RlpWriter(128);
        Write(w);
        return w.ToArray();
    }
}

internal sealed class LeafNode(byte[] path, byte[] value) : TrieNode
{
    public byte[] Path { get; } = path;
    public byte[] Value { get; } = value;

    protected override void Write(RlpWriter w)
    {
        var m = w.StartList();
        w.WriteBytes(Nibbles.EncodeCompact(Path, leaf: true));
        w.WriteBytes(Value);
        w.EndList(m);
    }
}

internal sealed class ExtensionNode(byte[] path, TrieNode child) : TrieNode
{
    public byte[] Path { get; } = path;
    public TrieNode Child { get; } = child;

    protected override void Write(RlpWriter w)
    {
        var m = w.StartList();
        w.WriteBytes(Nibbles.EncodeCompact(Path, leaf: false));
        Child.WriteReference(w);
        w.EndList(m);
    }
}

internal sealed class BranchNode(TrieNode?[] children, byte[]? value) : TrieNode
{
    public TrieNode?[] Children { get; } = children;
    public byte[]? Value { get; } = value;

    protected override void Write(RlpWriter w)
    {
        var m = w.StartList();
        foreach (var c in Children)
        {
            if (c is null)
            {
                w.WriteBytes([]);
            }
            else
            {
                c.WriteReference(w);
            }
        }
        w.WriteBytes(Value ?? []);
        w.EndList(m);
    }
}
