using Wsc.Storage.Blobs;
using Wsc.Storage.Merkle;
using Wsc.Storage.Sampling;

namespace Wsc.Storage.Tests;

/// <summary>Security review (rev-storage): the availability verifier lets a shard decide how much it is audited.</summary>
public class ReviewTests
{
    private static readonly byte[] BlockHash = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    // Review finding (fixed): the verifier counted only the samples the prover chose to return. A shard that holds
    // blobs must answer every draw; unanswered draws fail.
    [Fact]
    public void A_shard_answering_no_samples_fails_every_draw()
    {
        var blob = new byte[1000];
        new Random(1).NextBytes(blob);
        var entries = new List<(byte[] Root, int Replica, int Length)> { (CellMerkle.Root(blob), 0, blob.Length) };
        Assert.Equal([0, 1, 2, 3], SampleVerifier.Check(BlockHash, 3, entries, [], expected: 4));
    }

    // OPEN review finding (documented in docs/storage.md): the index is the prover's. A shard whose index rows were
    // deleted together with the bytes reports an empty index, answers nothing, and passes.
    [Fact]
    public void A_shard_reporting_an_empty_index_passes_the_tick_check()
    {
        Assert.Empty(SampleVerifier.Check(BlockHash, 3, [], [], expected: 4));
    }

    // Sound: a proof for cell i does not verify as cell j, and a proof does not verify for another length.
    [Fact]
    public void Cell_proofs_are_bound_to_index_and_length()
    {
        var blob = new byte[33 * 32 + 5];
        new Random(2).NextBytes(blob);
        var root = CellMerkle.Root(blob);
        var levels = CellMerkle.Levels(blob);
        var path = CellMerkle.Path(levels, 3);
        var cell = levels[0].AsSpan(3 * 32, 32).ToArray();
        Assert.True(CellMerkle.Verify(root, blob.Length, 3, cell, path));
        Assert.False(CellMerkle.Verify(root, blob.Length, 2, cell, path));
        Assert.False(CellMerkle.Verify(root, blob.Length + 1, 3, cell, path));
        Assert.False(CellMerkle.Verify(root, blob.Length - 5, 3, cell, path));
        // last cell padding must be zero
        var lastIdx = BlobLayout.CellCount(blob.Length) - 1;
        var last = levels[0].AsSpan(lastIdx * 32, 32).ToArray();
        var lastPath = CellMerkle.Path(levels, lastIdx);
        Assert.True(CellMerkle.Verify(root, blob.Length, lastIdx, last, lastPath));
        last[31] = 1;
        Assert.False(CellMerkle.Verify(root, blob.Length, lastIdx, last, lastPath));
        // a range proof cannot be shifted either
        var proof = CellRangeProof.Create(levels, 4, 9);
        var cells = levels[0].AsSpan(4 * 32, 6 * 32).ToArray();
        Assert.True(CellRangeProof.Verify(root, blob.Length, 4, cells, proof));
        Assert.False(CellRangeProof.Verify(root, blob.Length, 5, cells, proof));
        Assert.False(CellRangeProof.Verify(root, blob.Length, 4 + 64, cells, proof));
        // empty blob: root binds length 0 and a zero cell
        var empty = CellMerkle.Root([]);
        Assert.True(CellMerkle.Verify(empty, 0, 0, new byte[32], []));
        Assert.False(CellMerkle.Verify(empty, 32, 0, new byte[32], []));
    }
}
