using System.Security.Cryptography;
using Wsc.Storage.Masking;

namespace Wsc.Storage.Tests.Masking;

public sealed class ReplicaMaskTests
{
    private static readonly byte[] Root = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void Masking_into_a_copy_equals_masking_in_place_for_every_tail_length()
    {
        foreach (var n in new[] { 0, 1, 15, 16, 17, 31, 32, 1000, 131071, 131072 })
        {
            var source = new byte[n];
            new Random(n).NextBytes(source);
            var inPlace = (byte[])source.Clone();
            ReplicaMask.Apply(Root, 5, 1, inPlace);
            var copy = new byte[n];
            ReplicaMask.Apply(Root, 5, 1, source, copy);
            Assert.Equal(inPlace, copy);
            // Unmasking the copy back into another buffer restores the source.
            var back = new byte[n];
            ReplicaMask.Apply(Root, 5, 1, copy, back);
            Assert.Equal(source, back);
        }
    }

    [Fact]
    public void Keystream_matches_a_block_by_block_aes_ctr_reference_at_every_length_and_offset()
    {
        // Independent of the vectorised counter writer: each counter block built byte by byte, encrypted alone.
        var key = new byte[32];
        ReplicaMask.Key(Root, 6, 1, key);
        using var aes = Aes.Create();
        aes.Key = key;
        foreach (var (n, offset) in new[] { (1, 0L), (63, 0L), (64, 16L), (65, 48L), (200, 4096L), (4099, 0L), (131072, 0L), (100, (1L << 36) - 32) })
        {
            var expected = new byte[n];
            var counter = new byte[16];
            var block = new byte[16];
            for (var b = 0; b * 16 < n; b++)
            {
                var c = (ulong)(offset / 16) + (ulong)b;
                for (var i = 0; i < 8; i++)
                {
                    counter[15 - i] = (byte)(c >> (8 * i));
                }
                aes.EncryptEcb(counter, block, PaddingMode.None);
                for (var i = 0; i < 16 && (b * 16) + i < n; i++)
                {
                    expected[(b * 16) + i] = block[i];
                }
            }
            var inPlace = new byte[n];
            ReplicaMask.Apply(Root, 6, 1, inPlace, offset);
            Assert.Equal(expected, inPlace);
            var copy = new byte[n];
            ReplicaMask.Apply(Root, 6, 1, new byte[n], copy, offset);
            Assert.Equal(expected, copy);
        }
    }

    [Fact]
    public void Offsets_continue_the_keystream_and_same_span_means_in_place()
    {
        var source = new byte[256];
        new Random(3).NextBytes(source);
        var whole = new byte[256];
        ReplicaMask.Apply(Root, 2, 0, source, whole);
        var tail = new byte[96];
        ReplicaMask.Apply(Root, 2, 0, source.AsSpan(160), tail, 160);
        Assert.Equal(whole[160..], tail);
        var same = (byte[])source.Clone();
        ReplicaMask.Apply(Root, 2, 0, same, same);
        Assert.Equal(whole, same);
    }

    [Fact]
    public void Bad_lengths_offsets_and_partial_overlaps_are_refused()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => ReplicaMask.Apply(Root, 0, 0, buffer.AsSpan(0, 32), new byte[31]));
        Assert.Throws<ArgumentException>(() => ReplicaMask.Apply(Root, 0, 0, buffer.AsSpan(0, 32), new byte[32], 8));
        var e = Assert.Throws<ArgumentException>(() => ReplicaMask.Apply(Root, 0, 0, buffer.AsSpan(0, 32), buffer.AsSpan(16, 32)));
        Assert.Contains("overlap", e.Message, StringComparison.Ordinal);
    }
}
