using System.Runtime.CompilerServices;

namespace Wsc.Zk.Crypto;

/// <summary>
/// The leaf digests of a matrix's rows (<see cref="MerkleHash.Leaf"/>), hashed in parallel, before any tree is built
/// over them: a <see cref="MerkleTree"/> of one matrix, or a <see cref="MultiHeightMerkleTree"/> of several heights.
/// </summary>
public sealed unsafe class MerkleLeaves
{
    internal Digest32[] Digests { get; }

    /// <summary>Number of leaves (rows), a power of two.</summary>
    public int Count => Digests.Length;

    private MerkleLeaves(Digest32[] digests) => Digests = digests;

    /// <summary>The digest of leaf i.</summary>
    public byte[] this[int i] => Digest32.Bytes(ref Digests[i]).ToArray();

    /// <summary>Hashes `rowCount` rows of `width` elements, produced block by block row-major.</summary>
    public static MerkleLeaves Hash(int rowCount, int width, RowBlockFiller fill) =>
        new(HashRows(rowCount, width, 1, (_, start, count, dest) => fill(start, count, dest), columnMajor: false));

    /// <summary>
    /// As <see cref="Hash"/>, but the filler writes each block column-major: element j of the block's row r at
    /// destination[j·count + r]. Sixteen consecutive rows of a column are then one run, which the sixteen-lane SHA-256
    /// reads with two vector loads (row-major blocks need gathers).
    /// </summary>
    public static MerkleLeaves HashColumnMajor(int rowCount, int width, RowBlockFiller fill) =>
        new(HashRows(rowCount, width, 1, (_, start, count, dest) => fill(start, count, dest), columnMajor: true));

    /// <summary>
    /// As <see cref="HashColumnMajor"/> for a matrix whose row p lies in coset p mod `blowup` at index p / blowup (an LDE
    /// kept as one array per coset): each block is rows of one coset, so the filler copies whole runs of each coset
    /// array instead of interleaving the cosets element by element. The digests are those of the rows in natural order.
    /// </summary>
    public static MerkleLeaves HashCosets(int rowCount, int width, int blowup, CosetBlockFiller fill)
    {
        if (blowup <= 0 || (blowup & (blowup - 1)) != 0 || blowup > rowCount) throw new ArgumentException($"blowup must be a power of two ≤ the row count, got {blowup}", nameof(blowup));
        return new(HashRows(rowCount, width, blowup, fill, columnMajor: true));
    }

    private static Digest32[] HashRows(int rowCount, int width, int blowup, CosetBlockFiller fill, bool columnMajor)
    {
        if (rowCount <= 0 || (rowCount & (rowCount - 1)) != 0) throw new ArgumentException($"Merkle tree needs a power-of-two row count, got {rowCount}", nameof(rowCount));
        if (rowCount > 1 << 30) throw new ArgumentException($"Merkle tree of {rowCount} rows exceeds 2^30", nameof(rowCount));
        var leaves = GC.AllocateUninitializedArray<Digest32>(rowCount);
        // 256 rows per block: the row gather reads each column in longer runs (64 rows spent ~40 % of the commit in
        // cache misses at 2^16 × 100 columns; 256 measured ~35 % less gather time, 1024 no better).
        const int Block = 256;
        int perCoset = rowCount / blowup, blocksPerCoset = (perCoset + Block - 1) / Block;
        Parallel.For(0, blowup * blocksPerCoset, () => new ulong[Block * width], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b, _, buffer) =>
        {
            int coset = b / blocksPerCoset, start = b % blocksPerCoset * Block, count = Math.Min(Block, perCoset - start);
            var dest = buffer.AsSpan(0, count * width);
            fill(coset, start, count, dest);
            int r = 0;
            if (Sha256x16.IsSupported)
            {
                fixed (ulong* p = buffer)
                fixed (Digest32* l = leaves)
                {
                    for (; r + 16 <= count; r += 16)
                    {
                        var digests = (byte*)(l + coset + (long)blowup * (start + r));
                        if (columnMajor) Sha256x16.HashTagged(MerkleHash.LeafTag, p + r, 1, count, width, digests, blowup);
                        else Sha256x16.HashTagged(MerkleHash.LeafTag, p + (long)r * width, width, 1, width, digests, blowup);
                    }
                }
            }
            if (r < count)
            {
                Span<ulong> row = columnMajor ? new ulong[width] : default;
                for (; r < count; r++)
                {
                    var digest = Digest32.Bytes(ref leaves[coset + blowup * (start + r)]);
                    if (columnMajor)
                    {
                        for (int j = 0; j < width; j++) row[j] = dest[j * count + r];
                        MerkleHash.Leaf(row, digest);
                    }
                    else
                    {
                        MerkleHash.Leaf(dest.Slice(r * width, width), digest);
                    }
                }
            }
            return buffer;
        }, _ => { });
        return leaves;
    }
}
