using Wsc.Storage.Blobs;
using Wsc.Storage.Masking;
using Wsc.Storage.Merkle;
using Wsc.Storage.Placement;
using Wsc.Storage.Sampling;

namespace Wsc.Storage.Tests.Merkle;

public sealed class CellMerkleTests
{
    private static byte[] Bytes(int n, int seed = 1)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(1000)]
    [InlineData(BlobLayout.MaxBlobBytes)]
    public void Every_cell_proves_against_the_root(int length)
    {
        var blob = Bytes(length);
        var root = CellMerkle.Root(blob);
        var levels = CellMerkle.Levels(blob);
        Assert.Equal(root, CloseOf(levels, length));
        var cells = BlobLayout.CellCount(length);
        foreach (var cell in new[] { 0, cells / 2, cells - 1 }.Distinct())
        {
            var path = CellMerkle.Path(levels, cell);
            Assert.True(CellMerkle.Verify(root, length, cell, levels[0].AsSpan(cell * 32, 32), path));
        }
    }

    [Fact]
    public void Root_binds_the_length_so_trailing_zeros_differ()
    {
        Assert.NotEqual(CellMerkle.Root(new byte[31]), CellMerkle.Root(new byte[32]));
        Assert.NotEqual(CellMerkle.Root([]), CellMerkle.Root(new byte[1]));
    }

    [Fact]
    public void Oversized_blob_is_refused_with_the_limit_named()
    {
        var e = Assert.Throws<ArgumentException>(() => CellMerkle.Root(new byte[BlobLayout.MaxBlobBytes + 1]));
        Assert.Contains("131073", e.Message, StringComparison.Ordinal);
        Assert.Contains("128 KiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampered_cell_path_root_index_or_length_is_rejected()
    {
        var blob = Bytes(5000);
        var root = CellMerkle.Root(blob);
        var levels = CellMerkle.Levels(blob);
        var cell = levels[0].AsSpan(64, 32).ToArray();
        var path = CellMerkle.Path(levels, 2);
        Assert.True(CellMerkle.Verify(root, blob.Length, 2, cell, path));

        var badCell = (byte[])cell.Clone();
        badCell[5] ^= 1;
        Assert.False(CellMerkle.Verify(root, blob.Length, 2, badCell, path));
        var badPath = (byte[])path.Clone();
        badPath[40] ^= 0x80;
        Assert.False(CellMerkle.Verify(root, blob.Length, 2, cell, badPath));
        Assert.False(CellMerkle.Verify(root, blob.Length, 2, cell, path.AsSpan(0, path.Length - 32)));
        Assert.False(CellMerkle.Verify(root, blob.Length, 3, cell, path));
        Assert.False(CellMerkle.Verify(root, blob.Length + 1, 2, cell, path));
        var badRoot = (byte[])root.Clone();
        badRoot[0] ^= 1;
        Assert.False(CellMerkle.Verify(badRoot, blob.Length, 2, cell, path));
    }

    [Fact]
    public void Padding_beyond_the_length_must_be_zero()
    {
        var blob = Bytes(40);
        var root = CellMerkle.Root(blob);
        var levels = CellMerkle.Levels(blob);
        var last = levels[0].AsSpan(32, 32).ToArray();
        var path = CellMerkle.Path(levels, 1);
        Assert.True(CellMerkle.Verify(root, 40, 1, last, path));
        last[20] = 1;
        Assert.False(CellMerkle.Verify(root, 40, 1, last, path));
    }

    [Theory]
    [InlineData(100, 0, 0)]
    [InlineData(5000, 3, 17)]
    [InlineData(5000, 0, 156)]
    [InlineData(BlobLayout.MaxBlobBytes, 1000, 3000)]
    public void Range_proofs_verify_and_reject_tampering(int length, int first, int last)
    {
        var blob = Bytes(length, 7);
        var root = CellMerkle.Root(blob);
        var levels = CellMerkle.Levels(blob);
        var proof = CellRangeProof.Create(levels, first, last);
        var cells = levels[0].AsSpan(first * 32, (last - first + 1) * 32).ToArray();
        Assert.True(CellRangeProof.Verify(root, length, first, cells, proof));

        cells[^1] ^= 0x10;
        Assert.False(CellRangeProof.Verify(root, length, first, cells, proof));
        cells[^1] ^= 0x10;
        if (proof.Length > 0)
        {
            proof[^1] ^= 1;
            Assert.False(CellRangeProof.Verify(root, length, first, cells, proof));
            proof[^1] ^= 1;
        }
        Assert.False(CellRangeProof.Verify(root, length, first + 1, cells, proof));
        Assert.False(CellRangeProof.Verify(root, length, first, cells, [.. proof, .. new byte[32]]));
    }

    [Fact]
    public void Masks_differ_per_replica_and_shard_and_undo()
    {
        var blob = Bytes(1000);
        var root = CellMerkle.Root(blob);
        var a = (byte[])blob.Clone();
        var b = (byte[])blob.Clone();
        var c = (byte[])blob.Clone();
        ReplicaMask.Apply(root, 3, 0, a);
        ReplicaMask.Apply(root, 3, 1, b);
        ReplicaMask.Apply(root, 4, 0, c);
        Assert.NotEqual(blob, a);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
        // A cell unmasked on its own (offset) matches the whole-blob stream.
        var cell = a.AsSpan(96, 32).ToArray();
        ReplicaMask.Apply(root, 3, 0, cell, 96);
        Assert.Equal(blob.AsSpan(96, 32).ToArray(), cell);
        ReplicaMask.Apply(root, 3, 0, a);
        Assert.Equal(blob, a);
    }

    [Fact]
    public void Rendezvous_picks_distinct_stable_shards_spread_over_all()
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            var root = CellMerkle.Root(Bytes(10, i));
            var shards = Rendezvous.Shards(root, 8, 2);
            Assert.Equal(2, shards.Distinct().Count());
            Assert.Equal(shards, Rendezvous.Shards(root, 8, 2));
            // Highest-random-weight: the first replica's shard does not move when a third replica is asked for.
            Assert.Equal(shards, Rendezvous.Shards(root, 8, 3)[..2]);
            seen.UnionWith(shards);
        }
        Assert.Equal(8, seen.Count);
        Assert.Throws<ArgumentException>(() => Rendezvous.Shards(new byte[32], 2, 3));
    }

    [Fact]
    public void Sample_answers_verify_and_tampering_fails()
    {
        var blob = Bytes(9000, 3);
        var root = CellMerkle.Root(blob);
        var masked = (byte[])blob.Clone();
        ReplicaMask.Apply(root, 5, 1, masked);
        var levels = CellMerkle.Levels(blob);
        var entries = new List<(byte[], int, int)> { (root, 1, blob.Length) };
        var blockHash = Bytes(32, 99);
        var seed = SampleChallenge.Seed(blockHash, 5);
        var samples = new List<CellSample>();
        for (var j = 0; j < 8; j++)
        {
            var (entry, selector) = SampleChallenge.Draw(seed, j, 1);
            Assert.Equal(0, entry);
            var cell = SampleChallenge.Cell(selector, blob.Length);
            samples.Add(new CellSample(root, 1, blob.Length, cell, masked.AsSpan(cell * 32, 32).ToArray(), CellMerkle.Path(levels, cell)));
        }
        Assert.Empty(SampleVerifier.Check(blockHash, 5, entries, samples, samples.Count));
        // A short answer fails the draws it left out; it is not a smaller, passing check.
        Assert.Equal([5, 6, 7], SampleVerifier.Check(blockHash, 5, entries, samples.Take(5).ToList(), 8));
        // Wrong shard (other keystream), a flipped masked bit, or a different block's draws all fail.
        Assert.Equal(8, SampleVerifier.Check(blockHash, 6, entries, samples, samples.Count).Count);
        samples[3].MaskedCell[0] ^= 1;
        Assert.Equal([3], SampleVerifier.Check(blockHash, 5, entries, samples, samples.Count));
        samples[3].MaskedCell[0] ^= 1;
        Assert.NotEmpty(SampleVerifier.Check(Bytes(32, 100), 5, entries, samples, samples.Count));
    }

    private static byte[] CloseOf(byte[][] levels, int length)
    {
        var root = new byte[32];
        CellMerkle.Close(levels[^1], length, root);
        return root;
    }
}
