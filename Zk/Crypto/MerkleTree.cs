using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wsc.Zk.Crypto;

/// <summary>Fills a row-major block: rows [start, start+count) of the committed matrix, `width` elements each.</summary>
public delegate void RowBlockFiller(int start, int count, Span<ulong> destination);

/// <summary>
/// A binary Merkle tree over the rows of a matrix of field elements. Leaves and inner nodes are hashed with keyed BLAKE3
/// under different keys (<see cref="MerkleHash"/>), so no row can be passed off as a node or the reverse.
/// Digests are kept per level, each level its own array, so a tree of 2^30 rows needs no array index above 2^30.
/// </summary>
public sealed unsafe class MerkleTree
{
    /// <summary>Bytes per digest.</summary>
    public const int DigestSize = 32;

    private readonly Digest32[][] _levels; // _levels[0] = leaf digests, _levels[depth] = [root]

    public int LeafCount { get; }

    private MerkleTree(Digest32[][] levels, int leafCount)
    {
        _levels = levels;
        LeafCount = leafCount;
    }

    public byte[] Root => Bytes(ref _levels[^1][0]).ToArray();

    /// <summary>Hashes `rowCount` rows of `width` elements (produced block by block, row-major) and builds the tree, in parallel.</summary>
    public static MerkleTree Commit(int rowCount, int width, RowBlockFiller fill) => Build(rowCount, width, fill, columnMajor: false);

    /// <summary>
    /// As <see cref="Commit"/>, but the filler writes each block column-major: element j of the block's row r at
    /// destination[j·count + r]. Sixteen consecutive rows of a column are then one run, which the sixteen-lane BLAKE3
    /// reads with two vector loads (row-major blocks need gathers).
    /// </summary>
    public static MerkleTree CommitColumnMajor(int rowCount, int width, RowBlockFiller fill) => Build(rowCount, width, fill, columnMajor: true);

    private static MerkleTree Build(int rowCount, int width, RowBlockFiller fill, bool columnMajor) =>
        FromLeaves(columnMajor ? MerkleLeaves.HashColumnMajor(rowCount, width, fill) : MerkleLeaves.Hash(rowCount, width, fill));

    /// <summary>The tree over already hashed leaves.</summary>
    public static MerkleTree FromLeaves(MerkleLeaves leaves)
    {
        int rowCount = leaves.Count;
        int depth = System.Numerics.BitOperations.Log2((uint)rowCount);
        var levels = new Digest32[depth + 1][];
        levels[0] = leaves.Digests;
        for (int l = 1; l <= depth; l++)
        {
            var below = levels[l - 1];
            var level = GC.AllocateUninitializedArray<Digest32>(below.Length / 2);
            levels[l] = level;
            if (level.Length >= 4096)
            {
                Parallel.For(0, level.Length / 1024, chunk =>
                {
                    HashNodes(below, level, chunk * 1024, (chunk + 1) * 1024);
                });
            }
            else
            {
                HashNodes(below, level, 0, level.Length);
            }
        }
        return new MerkleTree(levels, rowCount);
    }

    /// <summary>Nodes [from, to) of a level: sixteen at a time where the vector kernel runs (a node's children are 8 words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashNodes(Digest32[] below, Digest32[] level, int from, int to)
    {
        int i = from;
        if (Blake3x16.IsSupported)
        {
            fixed (Digest32* b = below)
            fixed (Digest32* l = level)
            {
                for (; i + 16 <= to; i += 16) Blake3x16.HashElements(MerkleHash.NodeKey, (ulong*)(b + 2 * i), 8, 1, 8, (byte*)(l + i));
            }
        }
        for (; i < to; i++) HashNode(below, level, i);
    }

    private static void HashNode(Digest32[] below, Digest32[] level, int i) =>
        MerkleHash.Node(MemoryMarshal.AsBytes(below.AsSpan(2 * i, 2)), Bytes(ref level[i]));

    private static Span<byte> Bytes(ref Digest32 d) => Digest32.Bytes(ref d);

    /// <summary>The sibling digests needed to authenticate the given sorted, distinct leaf indexes, bottom level first.</summary>
    public byte[] OpenBatch(ReadOnlySpan<int> sortedLeaves)
    {
        var output = new List<byte>();
        var level = new List<int>(sortedLeaves.Length);
        foreach (var l in sortedLeaves) level.Add(l);
        for (int depth = 0; depth < _levels.Length - 1; depth++)
        {
            var parents = new List<int>(level.Count);
            for (int k = 0; k < level.Count; k++)
            {
                int id = level[k];
                if ((id & 1) == 0 && k + 1 < level.Count && level[k + 1] == id + 1) k++;
                else output.AddRange(Bytes(ref _levels[depth][id ^ 1]).ToArray());
                parents.Add(id >> 1);
            }
            level = parents;
        }
        return [.. output];
    }
}
