using System.Runtime.CompilerServices;

namespace Wsc.Zk.Crypto;

/// <summary>
/// One Merkle commitment to matrices of different power-of-two heights (the idea of Plonky3's MMCS): the tallest
/// matrix's row digests are the leaves, and a shorter matrix's rows join the tree at the level of its height, so a query
/// opens one path for all of them instead of one per height.
/// </summary>
/// <remarks>
/// Level k has 2^(L−k) nodes. Node j of level k+1 hashes nodes j and j + 2^(L−k−1) of level k (a "fibre" pairing, not
/// 2j and 2j+1): node j of a level of 2^h nodes then covers exactly the leaves at positions ≡ j mod 2^h, so the row that
/// a query at position p opens in a matrix of 2^h rows, p mod 2^h, is the index of p's ancestor at that level. There a
/// matrix's row digest joins: node = <see cref="MerkleHash.Inject"/>(node ‖ leaf). Matrices in natural LDE order, whose
/// queries reduce positions mod their size, need no reordering. <see cref="MultiHeightMerkleProof"/> checks openings.
/// </remarks>
public sealed unsafe class MultiHeightMerkleTree
{
    private readonly Digest32[][] _levels; // _levels[k]: 2^(L−k) nodes, shorter matrices already joined; _levels[L] = [root]

    private MultiHeightMerkleTree(Digest32[][] levels) => _levels = levels;

    /// <summary>Log2 of the tallest matrix's height (the tree's depth).</summary>
    public int LogHeight => _levels.Length - 1;

    public byte[] Root => Digest32.Bytes(ref _levels[^1][0]).ToArray();

    /// <summary>Commits to matrices given by their row digests, heights strictly decreasing (tallest first).</summary>
    public static MultiHeightMerkleTree Commit(IReadOnlyList<MerkleLeaves> matrices)
    {
        if (matrices.Count == 0) throw new ArgumentException("a multi-height Merkle tree needs at least one matrix", nameof(matrices));
        for (int i = 1; i < matrices.Count; i++)
        {
            if (matrices[i].Count >= matrices[i - 1].Count)
                throw new ArgumentException($"matrix heights must strictly decrease, got {matrices[i - 1].Count} then {matrices[i].Count}", nameof(matrices));
        }
        int depth = System.Numerics.BitOperations.Log2((uint)matrices[0].Count);
        var levels = new Digest32[depth + 1][];
        levels[0] = matrices[0].Digests;
        int next = 1;
        for (int k = 1; k <= depth; k++)
        {
            var below = levels[k - 1];
            int size = below.Length / 2;
            var level = GC.AllocateUninitializedArray<Digest32>(size);
            ForChunks(size, (from, to) => HashPairs(MerkleHash.NodeKey, below, 0, below, size, level, from, to));
            if (next < matrices.Count && matrices[next].Count == size)
            {
                var leaves = matrices[next++].Digests;
                ForChunks(size, (from, to) => HashPairs(MerkleHash.InjectKey, level, 0, leaves, 0, level, from, to));
            }
            levels[k] = level;
        }
        return new MultiHeightMerkleTree(levels);
    }

    private static void ForChunks(int size, Action<int, int> body)
    {
        const int Chunk = 1024;
        if (size >= 4 * Chunk) Parallel.For(0, size / Chunk, c => body(c * Chunk, (c + 1) * Chunk));
        else body(0, size);
    }

    /// <summary>output[i] = BLAKE3(key; left[leftAt + i] ‖ right[rightAt + i]) for i in [from, to); output may be left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashPairs(uint[] key, Digest32[] left, int leftAt, Digest32[] right, int rightAt, Digest32[] output, int from, int to)
    {
        int i = from;
        if (Blake3x16.IsSupported)
        {
            // The two halves of a message are not one stride apart: copy sixteen pairs side by side, then hash them.
            Span<Digest32> pairs = stackalloc Digest32[32];
            fixed (Digest32* p = pairs)
            fixed (Digest32* o = output)
            {
                for (; i + 16 <= to; i += 16)
                {
                    for (int m = 0; m < 16; m++)
                    {
                        pairs[2 * m] = left[leftAt + i + m];
                        pairs[2 * m + 1] = right[rightAt + i + m];
                    }
                    Blake3x16.HashElements(key, (ulong*)p, 8, 1, 8, (byte*)(o + i));
                }
            }
        }
        Span<Digest32> pair = stackalloc Digest32[2];
        for (; i < to; i++)
        {
            pair[0] = left[leftAt + i];
            pair[1] = right[rightAt + i];
            Blake3.KeyedHash(key, System.Runtime.InteropServices.MemoryMarshal.AsBytes(pair), Digest32.Bytes(ref output[i]));
        }
    }

    /// <summary>
    /// The sibling digests that authenticate the tallest matrix's rows at the sorted, distinct `positions` (and with them
    /// every shorter matrix's rows at the positions mod its height): per level, bottom first, one digest for each node on
    /// the queries' paths whose partner is not itself on a path, in increasing order of their parent.
    /// </summary>
    public byte[] OpenBatch(ReadOnlySpan<int> positions)
    {
        var output = new List<byte>();
        var ids = positions.ToArray();
        for (int k = 0; k < LogHeight; k++)
        {
            int half = _levels[k].Length / 2;
            var parents = MultiHeightMerkleProof.Parents(ids, half, out var leftOnPath, out var rightOnPath);
            for (int i = 0; i < parents.Length; i++)
            {
                if (!leftOnPath[i]) output.AddRange(Digest32.Bytes(ref _levels[k][parents[i]]).ToArray());
                if (!rightOnPath[i]) output.AddRange(Digest32.Bytes(ref _levels[k][parents[i] + half]).ToArray());
            }
            ids = parents;
        }
        return [.. output];
    }
}
