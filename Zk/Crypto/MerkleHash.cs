using System.Runtime.InteropServices;

namespace Wsc.Zk.Crypto;

/// <summary>
/// The hashes of a Merkle tree, domain-separated by a leading tag byte: leaf = SHA-256(0x00 ‖ row as LE bytes),
/// node = SHA-256(0x01 ‖ left ‖ right), and in a <see cref="MultiHeightMerkleTree"/> the node a shorter matrix's row
/// joins, SHA-256(0x02 ‖ node ‖ row's leaf digest). All cost the same number of SHA-256 blocks as untagged hashing of 64 bytes
/// and of typical rows.
/// </summary>
public static class MerkleHash
{
    /// <summary>Tag of leaf hashes.</summary>
    public const byte LeafTag = 0;

    /// <summary>Tag of inner-node hashes.</summary>
    public const byte NodeTag = 1;

    /// <summary>Tag of the hash that joins a shorter matrix's leaf to a node of a multi-height tree.</summary>
    public const byte InjectTag = 2;

    /// <summary>The leaf digest of a row of field elements.</summary>
    public static void Leaf(ReadOnlySpan<ulong> row, Span<byte> digest) => Sha256.HashTagged(LeafTag, MemoryMarshal.AsBytes(row), digest);

    /// <summary>The digest of an inner node from its two children's 64 bytes (left then right).</summary>
    public static void Node(ReadOnlySpan<byte> children, Span<byte> digest) => Sha256.HashTagged(NodeTag, children, digest);

    /// <summary>A multi-height tree's node with a shorter matrix's row joined in, from the node's and the leaf's 64 bytes.</summary>
    public static void Inject(ReadOnlySpan<byte> nodeAndLeaf, Span<byte> digest) => Sha256.HashTagged(InjectTag, nodeAndLeaf, digest);
}
