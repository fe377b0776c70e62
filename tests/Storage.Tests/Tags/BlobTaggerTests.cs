using Wsc.Storage.Merkle;
using Wsc.Storage.Tags;

namespace Wsc.Storage.Tests.Tags;

public sealed class BlobTaggerTests
{
    private static readonly BlobTagger Tagger = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static (byte[] Blob, byte[] Root) Blob(int n, int seed)
    {
        var blob = new byte[n];
        new Random(seed).NextBytes(blob);
        return (blob, CellMerkle.Root(blob));
    }

    [Fact]
    public void Tag_verifies_and_is_deterministic_for_every_length_shape()
    {
        foreach (var n in new[] { 0, 1, 31, 32, 100, 4096, 131071, 131072 })
        {
            var (blob, root) = Blob(n, n);
            var tag = Tagger.Tag(root, blob);
            Assert.Equal(BlobTagger.TagBytes, tag.Length);
            Assert.Equal(tag, Tagger.Tag(root, blob));
            Assert.True(Tagger.Verify(root, blob, tag));
        }
    }

    [Fact]
    public void Any_flipped_bit_in_bytes_tag_or_root_fails()
    {
        var (blob, root) = Blob(131072, 7);
        var tag = Tagger.Tag(root, blob);
        foreach (var at in new[] { 0, 1, 65535, 131071 })
        {
            var bad = (byte[])blob.Clone();
            bad[at] ^= 0x01;
            Assert.False(Tagger.Verify(root, bad, tag));
        }
        for (var i = 0; i < tag.Length; i++)
        {
            var badTag = (byte[])tag.Clone();
            badTag[i] ^= 0x80;
            Assert.False(Tagger.Verify(root, blob, badTag));
        }
        var otherRoot = (byte[])root.Clone();
        otherRoot[31] ^= 1;
        Assert.False(Tagger.Verify(otherRoot, blob, tag));
    }

    [Fact]
    public void A_tag_does_not_move_to_other_bytes_lengths_roots_or_secrets()
    {
        var (a, rootA) = Blob(4096, 1);
        var (b, rootB) = Blob(4096, 2);
        var tagA = Tagger.Tag(rootA, a);
        // Another blob's bytes under its own root, or A's tag presented for B.
        Assert.False(Tagger.Verify(rootB, b, tagA));
        Assert.False(Tagger.Verify(rootA, b, tagA));
        // Truncated or extended bytes (the length is bound into the key).
        Assert.False(Tagger.Verify(rootA, a.AsSpan(0, 4064), tagA));
        Assert.False(Tagger.Verify(rootA, [.. a, 0], tagA));
        // A different secret (another cluster, or a silo started without the configured secret).
        Assert.False(BlobTagger.WithRandomSecret().Verify(rootA, a, tagA));
        // Wrong sizes are refusals, not exceptions.
        Assert.False(Tagger.Verify(rootA, a, tagA.AsSpan(0, 15)));
        Assert.False(Tagger.Verify(rootA.AsSpan(0, 31), a, tagA));
        Assert.False(Tagger.Verify(rootA, new byte[131073], tagA));
    }

    [Fact]
    public void Bad_secret_size_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new BlobTagger(new byte[16]));
        Assert.Contains("expected 32", e.Message, StringComparison.Ordinal);
    }
}
