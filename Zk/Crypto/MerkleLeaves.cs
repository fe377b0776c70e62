using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    public static MerkleLeaves Hash(int rowCount, int width, RowBlockFiller fill) => new(HashRows(rowCount, width, fill, columnMajor: false));

    /// <summary>
    /// As <see cref="Hash"/>, but the filler writes each block column-major: element j of the block's row r at
    /// destination[j·count + r]. Sixteen consecutive rows of a column are then one run, which the sixteen-lane BLAKE3
    /// reads with two vector loads (row-major blocks need gathers).
    /// </summary>
    public static MerkleLeaves HashColumnMajor(int rowCount, int width, RowBlockFiller fill) => new(HashRows(rowCount, width, fill, columnMajor: true));

    /// <summary>
    /// The leaves of a matrix kept as one run per coset and column, as a low-degree extension is: row p lies in coset
    /// p mod `blowup` at index p / blowup, and column j of coset c is the run `run(c, j)` = (array, offset) of
    /// rowCount / blowup elements. Sixteen rows of one coset are hashed at a time, straight from the runs (no copy into
    /// row blocks); the digests are those of the rows in natural order.
    /// </summary>
    public static MerkleLeaves HashCosetColumns(int rowCount, int width, int blowup, Func<int, int, (ulong[] Array, int Offset)> run)
    {
        if (rowCount <= 0 || (rowCount & (rowCount - 1)) != 0) throw new ArgumentException($"Merkle tree needs a power-of-two row count, got {rowCount}", nameof(rowCount));
        if (rowCount > 1 << 30) throw new ArgumentException($"Merkle tree of {rowCount} rows exceeds 2^30", nameof(rowCount));
        if (blowup <= 0 || (blowup & (blowup - 1)) != 0 || blowup > rowCount) throw new ArgumentException($"blowup must be a power of two ≤ the row count, got {blowup}", nameof(blowup));
        int perCoset = rowCount / blowup;
        var runs = new (ulong[] Array, int Offset)[blowup * width];
        for (int c = 0; c < blowup; c++)
        {
            for (int j = 0; j < width; j++)
            {
                var r = run(c, j);
                if (r.Offset < 0 || (long)r.Offset + perCoset > r.Array.Length) throw new ArgumentException($"coset {c} column {j}: a run of {perCoset} at {r.Offset} leaves its array of {r.Array.Length}", nameof(run));
                runs[c * width + j] = r;
            }
        }
        var leaves = GC.AllocateUninitializedArray<Digest32>(rowCount);
        // The arrays are pinned while their addresses are in the table.
        var handles = runs.Select(r => r.Array).Distinct().Select(a => GCHandle.Alloc(a, GCHandleType.Pinned)).ToList();
        try
        {
            var table = new nint[runs.Length];
            for (int i = 0; i < runs.Length; i++) table[i] = (nint)Unsafe.AsPointer(ref runs[i].Array[runs[i].Offset]);
            // Long blocks: each starts with its prefetches cold (2^22 leaves of 100 columns: 355 ms at 8192 rows, 390 at 2048).
            const int Block = 8192;
            int blocksPerCoset = (perCoset + Block - 1) / Block;
            Parallel.For(0, blowup * blocksPerCoset, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b) =>
            {
                int coset = b / blocksPerCoset, start = b % blocksPerCoset * Block, end = Math.Min(perCoset, start + Block), i = start;
                fixed (nint* t = table)
                fixed (Digest32* l = leaves)
                {
                    var columns = (ulong**)(t + coset * width);
                    if (Blake3x16.IsSupported)
                    {
                        for (; i + 16 <= end; i += 16)
                            Blake3x16.HashColumns(MerkleHash.LeafKey, columns, i, width, (byte*)(l + coset + (long)blowup * i), blowup);
                    }
                    if (i < end)
                    {
                        var row = new ulong[width];
                        for (; i < end; i++)
                        {
                            for (int j = 0; j < width; j++) row[j] = columns[j][i];
                            MerkleHash.Leaf(row, Digest32.Bytes(ref leaves[coset + blowup * i]));
                        }
                    }
                }
            });
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }
        return new(leaves);
    }

    private static Digest32[] HashRows(int rowCount, int width, RowBlockFiller fill, bool columnMajor)
    {
        if (rowCount <= 0 || (rowCount & (rowCount - 1)) != 0) throw new ArgumentException($"Merkle tree needs a power-of-two row count, got {rowCount}", nameof(rowCount));
        if (rowCount > 1 << 30) throw new ArgumentException($"Merkle tree of {rowCount} rows exceeds 2^30", nameof(rowCount));
        var leaves = GC.AllocateUninitializedArray<Digest32>(rowCount);
        // 256 rows per block: the row gather reads each column in longer runs (64 rows spent ~40 % of the commit in
        // cache misses at 2^16 × 100 columns; 256 measured ~35 % less gather time, 1024 no better).
        const int Block = 256;
        int blocks = (rowCount + Block - 1) / Block;
        Parallel.For(0, blocks, () => new ulong[Block * width], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (b, _, buffer) =>
        {
            int start = b * Block, count = Math.Min(Block, rowCount - start);
            var dest = buffer.AsSpan(0, count * width);
            fill(start, count, dest);
            int r = 0;
            if (Blake3x16.IsSupported)
            {
                fixed (ulong* p = buffer)
                fixed (Digest32* l = leaves)
                {
                    for (; r + 16 <= count; r += 16)
                    {
                        var digests = (byte*)(l + start + r);
                        if (columnMajor) Blake3x16.HashElements(MerkleHash.LeafKey, p + r, 1, count, width, digests);
                        else Blake3x16.HashElements(MerkleHash.LeafKey, p + (long)r * width, width, 1, width, digests);
                    }
                }
            }
            if (r < count)
            {
                Span<ulong> row = columnMajor ? new ulong[width] : default;
                for (; r < count; r++)
                {
                    var digest = Digest32.Bytes(ref leaves[start + r]);
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
