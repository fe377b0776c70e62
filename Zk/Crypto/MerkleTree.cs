using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Wsc.Zk.Crypto;

/// <summary>Fills a row-major block: rows [start, start+count) of the committed matrix, `width` elements each.</summary>
public delegate void RowBlockFiller(int start, int count, Span<ulong> destination);

/// <summary>A binary SHA-256 Merkle tree over the rows of a matrix of field elements (leaf = SHA-256 of the row's LE bytes).</summary>
public sealed class MerkleTree
{
    /// <summary>Bytes per digest.</summary>
    public const int DigestSize = 32;

    private readonly byte[] _nodes; // node i at [32i, 32i+32); root at 1, leaves at LeafCount + j

    public int LeafCount { get; }

    private MerkleTree(byte[] nodes, int leafCount)
    {
        _nodes = nodes;
        LeafCount = leafCount;
    }

    public byte[] Root => _nodes.AsSpan(DigestSize, DigestSize).ToArray();

    /// <summary>Hashes `rowCount` rows of `width` elements (produced block by block) and builds the tree, in parallel.</summary>
    public static MerkleTree Commit(int rowCount, int width, RowBlockFiller fill)
    {
        if (rowCount <= 0 || (rowCount & (rowCount - 1)) != 0) throw new ArgumentException($"Merkle tree needs a power-of-two row count, got {rowCount}", nameof(rowCount));
        var nodes = new byte[2 * rowCount * DigestSize];
        const int Block = 64;
        int blocks = (rowCount + Block - 1) / Block;
        Parallel.For(0, blocks, () => new ulong[Block * width], (b, _, buffer) =>
        {
            int start = b * Block, count = Math.Min(Block, rowCount - start);
            var dest = buffer.AsSpan(0, count * width);
            fill(start, count, dest);
            for (int r = 0; r < count; r++)
            {
                var row = MemoryMarshal.AsBytes(dest.Slice(r * width, width));
                Sha256.Hash(row, nodes.AsSpan((rowCount + start + r) * DigestSize, DigestSize));
            }
            return buffer;
        }, _ => { });
        BuildInternal(nodes, rowCount);
        return new MerkleTree(nodes, rowCount);
    }

    private static void BuildInternal(byte[] nodes, int leafCount)
    {
        for (int levelStart = leafCount / 2; levelStart >= 1; levelStart /= 2)
        {
            int start = levelStart;
            if (levelStart >= 4096)
            {
                Parallel.For(0, levelStart / 1024, chunk =>
                {
                    for (int i = start + chunk * 1024; i < start + (chunk + 1) * 1024; i++) HashNode(nodes, i);
                });
            }
            else
            {
                for (int i = start; i < 2 * start; i++) HashNode(nodes, i);
            }
        }
    }

    private static void HashNode(byte[] nodes, int i) =>
        Sha256.Hash(nodes.AsSpan(2 * i * DigestSize, 2 * DigestSize), nodes.AsSpan(i * DigestSize, DigestSize));

    /// <summary>The sibling digests needed to authenticate the given sorted, distinct leaf indexes, bottom level first.</summary>
    public byte[] OpenBatch(ReadOnlySpan<int> sortedLeaves)
    {
        var output = new List<byte>();
        var level = new List<int>(sortedLeaves.Length);
        foreach (var l in sortedLeaves) level.Add(LeafCount + l);
        while (level.Count > 0 && level[0] > 1)
        {
            var parents = new List<int>(level.Count);
            for (int k = 0; k < level.Count; k++)
            {
                int id = level[k];
                if ((id & 1) == 0 && k + 1 < level.Count && level[k + 1] == id + 1) k++;
                else output.AddRange(_nodes.AsSpan((id ^ 1) * DigestSize, DigestSize).ToArray());
                parents.Add(id >> 1);
            }
            level = parents;
        }
        return [.. output];
    }
}
