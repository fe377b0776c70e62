using System.Security.Cryptography;
using Wsc.Zk.Crypto;
using Blake3Hash = Wsc.Zk.Crypto.Blake3;

namespace Wsc.Zk.Tests.Stark;

public sealed class CryptoTests
{
    [Fact]
    public void Sha256_matches_the_bcl_for_many_lengths()
    {
        var rng = new Random(5);
        for (int len = 0; len < 300; len += 7)
        {
            var data = new byte[len];
            rng.NextBytes(data);
            var a = new byte[32];
            Sha256.Hash(data, a);
            Assert.Equal(SHA256.HashData(data), a);
        }
    }

    [Fact]
    public void Blake3_matches_the_specification_and_a_second_implementation()
    {
        var digest = new byte[32];
        Blake3Hash.Hash([], digest);
        Assert.Equal("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", Convert.ToHexStringLower(digest));
        var rng = new Random(7);
        var keyBytes = new byte[32];
        rng.NextBytes(keyBytes);
        var key = Blake3Hash.KeyWords(keyBytes);
        // Every block-padding case of one chunk, then chunk counts that make left-heavy trees of several levels.
        foreach (int len in Enumerable.Range(0, 200).Concat([1023, 1024, 1025, 2047, 2048, 2049, 3072, 3073, 4096, 5121, 8193, 19480]))
        {
            var data = new byte[len];
            rng.NextBytes(data);
            Blake3Hash.Hash(data, digest);
            Assert.Equal(global::Blake3.Hasher.Hash(data).AsSpan().ToArray(), digest);
            Blake3Hash.KeyedHash(key, data, digest);
            using var keyed = global::Blake3.Hasher.NewKeyed(keyBytes);
            keyed.Update(data);
            Assert.Equal(keyed.Finalize().AsSpan().ToArray(), digest);
        }
        Assert.Throws<ArgumentException>(() => Blake3Hash.KeyedHash(key.AsSpan(0, 7), [], digest));
    }

    [Fact]
    public void Sixteen_lane_blake3_matches_the_scalar_hash_for_every_width_and_layout()
    {
        Assert.True(Blake3x16.IsSupported || !System.Runtime.Intrinsics.X86.Avx512F.IsSupported);
        if (!Blake3x16.IsSupported) return;
        LaneKernelMatchesTheScalarHash(16);
    }

    [Fact]
    public void Eight_lane_blake3_matches_the_scalar_hash_for_every_width_and_layout()
    {
        // The AVX2 kernel, which Blake3x16 calls twice on CPUs without AVX-512: tested on its own, so a machine with
        // AVX-512 checks it too.
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, Blake3x8.IsSupported);
        if (!Blake3x8.IsSupported) return;
        LaneKernelMatchesTheScalarHash(8);
    }

    private static unsafe void LaneKernelMatchesTheScalarHash(int lanes)
    {
        // Widths cover every block-padding case, the 100-column main trace, one and several chunks (128 elements each,
        // 2,435 as the zkVM's widest table); layouts: row-major (gathers), column-major, one array per column.
        var rng = new Random(16);
        var key = MerkleHash.LeafKey;
        foreach (int width in Enumerable.Range(0, 41).Concat([63, 64, 100, 127, 128, 129, 200, 256, 257, 2435]))
        {
            var rows = new ulong[lanes * width];
            for (int i = 0; i < rows.Length; i++) rows[i] = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
            var columnMajor = new ulong[lanes * width];
            var columns = new ulong[width][];
            for (int j = 0; j < width; j++) columns[j] = new ulong[lanes + 4];
            for (int l = 0; l < lanes; l++)
            {
                for (int j = 0; j < width; j++)
                {
                    columnMajor[j * lanes + l] = rows[l * width + j];
                    columns[j][3 + l] = rows[l * width + j];
                }
            }
            var a = new byte[lanes * 32];
            var b = new byte[lanes * 32];
            var c = new byte[3 * lanes * 32];
            var handles = columns.Select(col => System.Runtime.InteropServices.GCHandle.Alloc(col, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
            try
            {
                var table = handles.Select(h => h.AddrOfPinnedObject()).ToArray();
                fixed (ulong* r = rows)
                fixed (ulong* cm = columnMajor)
                fixed (nint* t = table)
                fixed (byte* pa = a)
                fixed (byte* pb = b)
                fixed (byte* pc = c)
                {
                    if (lanes == 16)
                    {
                        Blake3x16.HashElements(key, r, width, 1, width, pa);
                        Blake3x16.HashElements(key, cm, 1, 16, width, pb);
                        Blake3x16.HashColumns(key, (ulong**)t, 3, width, pc, digestStride: 3);
                    }
                    else
                    {
                        Blake3x8.HashElements(key, r, width, 1, width, pa);
                        Blake3x8.HashElements(key, cm, 1, 8, width, pb);
                        Blake3x8.HashColumns(key, (ulong**)t, 3, width, pc, digestStride: 3);
                    }
                }
            }
            finally
            {
                foreach (var h in handles) h.Free();
            }
            for (int l = 0; l < lanes; l++)
            {
                var expected = new byte[32];
                Blake3Hash.KeyedHash(key, System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows.AsSpan(l * width, width)), expected);
                Assert.Equal(expected, a.AsSpan(32 * l, 32).ToArray());
                Assert.Equal(expected, b.AsSpan(32 * l, 32).ToArray());
                Assert.Equal(expected, c.AsSpan(96 * l, 32).ToArray());
            }
        }
    }

    [Fact]
    public void Leaves_of_many_rows_are_each_rows_leaf_digest()
    {
        // The verifier's batch: sixteen rows at a time in lanes, the rest one by one.
        var rng = new Random(44);
        foreach (int width in new[] { 1, 8, 24, 100, 2435 })
        {
            foreach (int count in new[] { 0, 1, 15, 16, 17, 44 })
            {
                var rows = Enumerable.Range(0, count * width).Select(_ => (ulong)rng.NextInt64()).ToArray();
                var digests = new byte[count * 32];
                MerkleHash.Leaves(rows, width, digests);
                var one = new byte[32];
                for (int i = 0; i < count; i++)
                {
                    MerkleHash.Leaf(rows.AsSpan(i * width, width), one);
                    Assert.Equal(one, digests.AsSpan(32 * i, 32).ToArray());
                }
            }
        }
        Assert.Throws<ArgumentException>(() => MerkleHash.Leaves(new ulong[10], 3, new byte[96]));
    }

    [Theory]
    [InlineData(2, 1, 3)]
    [InlineData(64, 4, 5)]
    [InlineData(1 << 14, 4, 100)]
    [InlineData(1 << 13, 8, 7)]
    [InlineData(1 << 12, 1, 130)]
    public void Coset_leaves_are_the_row_digests_in_natural_order(int rowCount, int blowup, int width)
    {
        // Row p of the matrix is element p / blowup of coset p mod blowup; cosets after the first share one array per
        // column at an offset, as an LDE keeps them. Heights below sixteen rows per coset take the scalar tail.
        int perCoset = rowCount / blowup;
        var rng = new Random(rowCount + width);
        var first = new ulong[width][];
        var others = new ulong[width][];
        for (int j = 0; j < width; j++)
        {
            first[j] = Enumerable.Range(0, perCoset).Select(_ => (ulong)rng.NextInt64()).ToArray();
            others[j] = Enumerable.Range(0, (blowup - 1) * perCoset).Select(_ => (ulong)rng.NextInt64()).ToArray();
        }
        var leaves = MerkleLeaves.HashCosetColumns(rowCount, width, blowup, (c, j) => c == 0 ? (first[j], 0) : (others[j], (c - 1) * perCoset));
        var row = new ulong[width];
        var expected = new byte[32];
        foreach (int p in Enumerable.Range(0, rowCount).Where(p => p < 64 || p % 97 == 0 || p >= rowCount - 64))
        {
            int c = p % blowup, i = p / blowup;
            for (int j = 0; j < width; j++) row[j] = c == 0 ? first[j][i] : others[j][(c - 1) * perCoset + i];
            MerkleHash.Leaf(row, expected);
            Assert.Equal(expected, leaves[p]);
        }
        Assert.Throws<ArgumentException>(() => MerkleLeaves.HashCosetColumns(rowCount, width, blowup, (c, j) => (first[j], 1)));
    }

    [Theory]
    [InlineData(8, 3)]
    [InlineData(1024, 5)]
    [InlineData(4096, 100)]
    public void Column_major_and_row_major_commitments_agree(int rows, int width)
    {
        ulong Value(int r, int j) => (ulong)(r * 131 + j) * 0x9E3779B97F4A7C15UL % 0xFFFFFFFF00000001UL;
        var rowMajor = MerkleTree.Commit(rows, width, (start, count, dest) =>
        {
            for (int r = 0; r < count; r++)
                for (int j = 0; j < width; j++) dest[r * width + j] = Value(start + r, j);
        });
        var columnMajor = MerkleTree.CommitColumnMajor(rows, width, (start, count, dest) =>
        {
            for (int r = 0; r < count; r++)
                for (int j = 0; j < width; j++) dest[j * count + r] = Value(start + r, j);
        });
        Assert.Equal(rowMajor.Root, columnMajor.Root);
        var row = new ulong[width];
        var digest = new byte[32];
        for (int j = 0; j < width; j++) row[j] = Value(rows - 1, j);
        MerkleHash.Leaf(row, digest);
        Assert.True(MerkleBatchProof.Verify(columnMajor.Root, System.Numerics.BitOperations.Log2((uint)rows), [rows - 1], digest, columnMajor.OpenBatch([rows - 1])));
    }

    private static MerkleTree Tree(int rows, int width, out ulong[][] matrix)
    {
        var m = new ulong[rows][];
        for (int r = 0; r < rows; r++) m[r] = [.. Enumerable.Range(0, width).Select(c => (ulong)(r * 1000 + c))];
        matrix = m;
        return MerkleTree.Commit(rows, width, (start, count, dest) =>
        {
            for (int r = 0; r < count; r++) m[start + r].CopyTo(dest.Slice(r * width, width));
        });
    }

    private static byte[] Digests(ulong[][] m, int[] idx)
    {
        var d = new byte[idx.Length * 32];
        for (int i = 0; i < idx.Length; i++) MerkleHash.Leaf(m[idx[i]], d.AsSpan(i * 32, 32));
        return d;
    }

    [Fact]
    public void Batched_openings_verify_for_any_leaf_set()
    {
        var tree = Tree(256, 5, out var m);
        int[][] sets = [[0], [255], [0, 1], [3, 4, 5, 200], [.. Enumerable.Range(0, 256)], [7, 100, 101, 254, 255]];
        foreach (var idx in sets)
        {
            var siblings = tree.OpenBatch(idx);
            Assert.True(MerkleBatchProof.Verify(tree.Root, 8, idx, Digests(m, idx), siblings));
        }
        Assert.Empty(tree.OpenBatch([.. Enumerable.Range(0, 256)]));
    }

    [Fact]
    public void Tampered_openings_are_rejected()
    {
        var tree = Tree(64, 3, out var m);
        int[] idx = [2, 9, 40];
        var siblings = tree.OpenBatch(idx);
        var digests = Digests(m, idx);
        Assert.True(MerkleBatchProof.Verify(tree.Root, 6, idx, digests, siblings));
        for (int i = 0; i < siblings.Length; i += 5)
        {
            var bad = (byte[])siblings.Clone();
            bad[i] ^= 1;
            Assert.False(MerkleBatchProof.Verify(tree.Root, 6, idx, digests, bad));
        }
        var badLeaf = (byte[])digests.Clone();
        badLeaf[40] ^= 0x80;
        Assert.False(MerkleBatchProof.Verify(tree.Root, 6, idx, badLeaf, siblings));
        Assert.False(MerkleBatchProof.Verify(tree.Root, 6, [2, 9, 41], digests, siblings));
        Assert.False(MerkleBatchProof.Verify(tree.Root, 6, idx, digests, siblings.AsSpan(0, siblings.Length - 32)));
        Assert.False(MerkleBatchProof.Verify(tree.Root, 6, idx, digests, [.. siblings, .. new byte[32]]));
        Assert.False(MerkleBatchProof.Verify(tree.Root, 6, [9, 2, 40], digests, siblings));
    }

    [Fact]
    public void Leaves_and_nodes_hash_under_different_keys()
    {
        // A two-row tree: its root is the node over the two leaf digests. Presenting those 64 bytes as a row of eight
        // elements must not reproduce the root, or an inner node could be opened as a leaf of a shorter tree.
        var tree = Tree(2, 3, out var m);
        var children = Digests(m, [0, 1]);
        var asRow = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(children).ToArray();
        var leafDigest = new byte[32];
        MerkleHash.Leaf(asRow, leafDigest);
        Assert.NotEqual(tree.Root, leafDigest);
        Assert.False(MerkleBatchProof.Verify(tree.Root, 0, [0], leafDigest, []));
        var unkeyed = new byte[32];
        Blake3Hash.Hash(children, unkeyed);
        Assert.NotEqual(tree.Root, unkeyed);
        var asNode = new byte[32];
        Blake3Hash.KeyedHash(MerkleHash.NodeKey, children, asNode);
        Assert.Equal(tree.Root, asNode);
        var asInject = new byte[32];
        Blake3Hash.KeyedHash(MerkleHash.InjectKey, children, asInject);
        Assert.NotEqual(tree.Root, asInject);
        Assert.NotEqual(MerkleHash.LeafKey, MerkleHash.NodeKey);
        Assert.NotEqual(MerkleHash.NodeKey, MerkleHash.InjectKey);
    }

    [Fact]
    public void A_tree_of_four_million_rows_matches_a_level_by_level_reference()
    {
        // Levels live in arrays of their own, indexed per digest: the largest index is the row count, never 64·rows.
        const int Rows = 1 << 22;
        var tree = MerkleTree.Commit(Rows, 1, (start, count, dest) =>
        {
            for (int r = 0; r < count; r++) dest[r] = (ulong)(start + r) * 7919;
        });
        var level = new byte[Rows][];
        for (int r = 0; r < Rows; r++)
        {
            level[r] = new byte[32];
            Blake3Hash.KeyedHash(MerkleHash.LeafKey, BitConverter.GetBytes((ulong)r * 7919), level[r]);
        }
        while (level.Length > 1)
        {
            var up = new byte[level.Length / 2][];
            for (int i = 0; i < up.Length; i++)
            {
                up[i] = new byte[32];
                Blake3Hash.KeyedHash(MerkleHash.NodeKey, [.. level[2 * i], .. level[2 * i + 1]], up[i]);
            }
            level = up;
        }
        Assert.Equal(level[0], tree.Root);
        int[] idx = [0, 12345, Rows - 1];
        var digests = new byte[idx.Length * 32];
        for (int i = 0; i < idx.Length; i++) MerkleHash.Leaf([(ulong)idx[i] * 7919], digests.AsSpan(i * 32, 32));
        Assert.True(MerkleBatchProof.Verify(tree.Root, 22, idx, digests, tree.OpenBatch(idx)));
    }

    [Fact]
    public void Transcript_challenges_depend_on_everything_absorbed()
    {
        var a = new Transcript("x");
        var b = new Transcript("x");
        var c = new Transcript("y");
        a.AbsorbU64(1);
        b.AbsorbU64(2);
        c.AbsorbU64(1);
        var ca = a.DrawExt();
        Assert.NotEqual(ca, b.DrawExt());
        Assert.NotEqual(ca, c.DrawExt());
        Assert.NotEqual(ca, a.DrawExt()); // successive draws differ
        var positions = a.DrawPositions(30, 1024);
        Assert.Equal(positions.Order().Distinct(), positions);
        ulong nonce = a.Grind(6);
        Assert.True(a.CheckProofOfWork(nonce, 6));
    }
}
