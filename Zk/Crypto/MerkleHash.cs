using System.Runtime.InteropServices;
using System.Text;

namespace Wsc.Zk.Crypto;

/// <summary>
/// The hashes of a Merkle tree: keyed BLAKE3 (<see cref="Blake3"/>) under a different key for each role, so no row can be
/// passed off as a node, nor a node as a row or a joined node. leaf = BLAKE3(K_leaf; row as LE bytes),
/// node = BLAKE3(K_node; left ‖ right), and in a <see cref="MultiHeightMerkleTree"/> the node a shorter matrix's row
/// joins, BLAKE3(K_inject; node ‖ row's leaf digest). A node is one 64-byte block (one compression).
/// </summary>
public static class MerkleHash
{
    /// <summary>Key of leaf hashes: the BLAKE3 digest of "wsc-zk merkle leaf v1".</summary>
    public static readonly uint[] LeafKey = Key("wsc-zk merkle leaf v1");

    /// <summary>Key of inner-node hashes.</summary>
    public static readonly uint[] NodeKey = Key("wsc-zk merkle node v1");

    /// <summary>Key of the hash that joins a shorter matrix's leaf to a node of a multi-height tree.</summary>
    public static readonly uint[] InjectKey = Key("wsc-zk merkle inject v1");

    private static uint[] Key(string label)
    {
        Span<byte> digest = stackalloc byte[Blake3.DigestSize];
        Blake3.Hash(Encoding.ASCII.GetBytes(label), digest);
        return Blake3.KeyWords(digest);
    }

    /// <summary>The leaf digest of a row of field elements.</summary>
    public static void Leaf(ReadOnlySpan<ulong> row, Span<byte> digest) => Blake3.KeyedHash(LeafKey, MemoryMarshal.AsBytes(row), digest);

    /// <summary>
    /// The leaf digests of rows.Length / width rows given row-major, 32 bytes each into `digests`: sixteen rows at a time
    /// in vector lanes where <see cref="Blake3x16"/> runs (a verifier hashes dozens of opened rows of one width per tree;
    /// one at a time, a zkVM segment's 2,435-element rows cost it ~10 ms).
    /// </summary>
    public static unsafe void Leaves(ReadOnlySpan<ulong> rows, int width, Span<byte> digests)
    {
        int count = width == 0 ? 0 : rows.Length / width, i = 0;
        if (width > 0 && (rows.Length % width != 0 || digests.Length < count * Blake3.DigestSize))
            throw new ArgumentException($"{rows.Length} values are not whole rows of {width} with room for their digests", nameof(rows));
        if (Blake3x16.IsSupported && width > 0)
        {
            fixed (ulong* r = rows)
            fixed (byte* d = digests)
            {
                for (; i + 16 <= count; i += 16) Blake3x16.HashElements(LeafKey, r + (long)i * width, width, 1, width, d + i * Blake3.DigestSize);
            }
        }
        for (; i < count; i++) Leaf(rows.Slice(i * width, width), digests.Slice(i * Blake3.DigestSize, Blake3.DigestSize));
    }

    /// <summary>The digest of an inner node from its two children's 64 bytes (left then right).</summary>
    public static void Node(ReadOnlySpan<byte> children, Span<byte> digest) => Blake3.KeyedHash(NodeKey, children, digest);

    /// <summary>A multi-height tree's node with a shorter matrix's row joined in, from the node's and the leaf's 64 bytes.</summary>
    public static void Inject(ReadOnlySpan<byte> nodeAndLeaf, Span<byte> digest) => Blake3.KeyedHash(InjectKey, nodeAndLeaf, digest);
}
