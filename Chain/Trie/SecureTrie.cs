using Wsc.Chain.Crypto;

namespace Wsc.Chain.Trie;

/// <summary>A trie keyed by keccak256(key), as the state and storage tries are.</summary>
public sealed class SecureTrie
{
    private readonly MerklePatriciaTrie _trie = new();

    /// <summary>The root hash.</summary>
    public Hash32 Root => _trie.Root;

    /// <summary>Sets keccak(key) to value; empty deletes.</summary>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => _trie.Put(Keccak.Hash(key).Span, value);

    /// <summary>The value stored under keccak(key), or null.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key) => _trie.Get(Keccak.Hash(key).Span);

    /// <summary>Removes keccak(key).</summary>
    public void Delete(ReadOnlySpan<byte> key) => _trie.Delete(Keccak.Hash(key).Span);
}
