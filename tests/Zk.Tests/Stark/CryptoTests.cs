using System.Security.Cryptography;
using Wsc.Zk.Crypto;

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
    public void Tagged_sha256_matches_the_bcl_on_both_sides_of_the_padded_path_limit()
    {
        // Short tagged messages are padded by Sha256 itself (one native call); long ones take Init/Update/Final.
        var rng = new Random(6);
        foreach (int len in Enumerable.Range(0, 140).Concat([800, 801, 4000, 4086, 4087, 4088, 5000]))
        {
            var data = new byte[len];
            rng.NextBytes(data);
            var a = new byte[32];
            Sha256.HashTagged(3, data, a);
            Assert.Equal(SHA256.HashData([3, .. data]), a);
        }
    }

    [Fact]
    public unsafe void Sixteen_lane_sha256_matches_the_bcl_for_every_width_and_layout()
    {
        // Widths cover every padding case (1 + 8·width bytes mod 64) and the 100-column main trace; both layouts.
        Assert.True(Sha256x16.IsSupported || !System.Runtime.Intrinsics.X86.Avx512F.IsSupported);
        if (!Sha256x16.IsSupported) return;
        var rng = new Random(16);
        foreach (int width in Enumerable.Range(1, 40).Concat([55, 56, 63, 64, 100, 101, 127, 128, 200]))
        {
            var rows = new ulong[16 * width];
            for (int i = 0; i < rows.Length; i++) rows[i] = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
            var columnMajor = new ulong[16 * width];
            for (int l = 0; l < 16; l++)
                for (int j = 0; j < width; j++) columnMajor[j * 16 + l] = rows[l * width + j];
            var a = new byte[16 * 32];
            var b = new byte[16 * 32];
            fixed (ulong* r = rows)
            fixed (ulong* c = columnMajor)
            fixed (byte* pa = a)
            fixed (byte* pb = b)
            {
                Sha256x16.HashTagged(9, r, width, 1, width, pa);
                Sha256x16.HashTagged(9, c, 1, 16, width, pb);
            }
            for (int l = 0; l < 16; l++)
            {
                var bytes = new byte[8 * width];
                for (int j = 0; j < width; j++) BitConverter.TryWriteBytes(bytes.AsSpan(8 * j), rows[l * width + j]);
                var expected = SHA256.HashData([9, .. bytes]);
                Assert.Equal(expected, a.AsSpan(32 * l, 32).ToArray());
                Assert.Equal(expected, b.AsSpan(32 * l, 32).ToArray());
            }
        }
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
        MerkleBatchProof.HashRow(row, digest);
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
        for (int i = 0; i < idx.Length; i++) MerkleBatchProof.HashRow(m[idx[i]], d.AsSpan(i * 32, 32));
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
    public void Leaves_and_nodes_hash_under_different_tags()
    {
        // A two-row tree: its root is the node over the two leaf digests. Presenting those 64 bytes as a row of eight
        // elements must not reproduce the root, or an inner node could be opened as a leaf of a shorter tree.
        var tree = Tree(2, 3, out var m);
        var children = Digests(m, [0, 1]);
        var asRow = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(children).ToArray();
        var leafDigest = new byte[32];
        MerkleBatchProof.HashRow(asRow, leafDigest);
        Assert.NotEqual(tree.Root, leafDigest);
        Assert.False(MerkleBatchProof.Verify(tree.Root, 0, [0], leafDigest, []));
        var untagged = SHA256.HashData(children);
        Assert.NotEqual(tree.Root, untagged);
        var tagged = new byte[32];
        Sha256.HashTagged(MerkleHash.NodeTag, children, tagged);
        Assert.Equal(tree.Root, tagged);
        Assert.Equal(SHA256.HashData([MerkleHash.NodeTag, .. children]), tagged);
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
            level[r] = SHA256.HashData([MerkleHash.LeafTag, .. BitConverter.GetBytes((ulong)r * 7919)]);
        }
        while (level.Length > 1)
        {
            var up = new byte[level.Length / 2][];
            for (int i = 0; i < up.Length; i++) up[i] = SHA256.HashData([MerkleHash.NodeTag, .. level[2 * i], .. level[2 * i + 1]]);
            level = up;
        }
        Assert.Equal(level[0], tree.Root);
        int[] idx = [0, 12345, Rows - 1];
        var digests = new byte[idx.Length * 32];
        for (int i = 0; i < idx.Length; i++) MerkleBatchProof.HashRow([(ulong)idx[i] * 7919], digests.AsSpan(i * 32, 32));
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
