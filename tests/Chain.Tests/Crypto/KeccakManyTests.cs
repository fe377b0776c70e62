using Wsc.Chain.Crypto;

namespace Wsc.Chain.Tests.Crypto;

/// <summary>The many-message Keccak (eight AVX-512 lanes where available) against the one-message sponge.</summary>
public sealed class KeccakManyTests
{
    [Fact]
    public void Every_length_around_the_block_boundaries_hashes_like_the_single_sponge()
    {
        var rng = new Random(7);
        // Lengths 0..600 cover one to five sponge blocks and every padding position (the 0x01 and 0x80 bytes meeting).
        var inputs = Enumerable.Range(0, 601).Select(len => RandomBytes(rng, len)).ToList();
        var hashes = new Hash32[inputs.Count];
        KeccakMany.Hash(inputs, hashes);
        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.True(Keccak.Hash(inputs[i]) == hashes[i], $"length {inputs[i].Length}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(32)]
    public void Batches_of_any_size_and_mixed_lengths_keep_their_order(int count)
    {
        var rng = new Random(count);
        // Mostly one size (as a batch of headers is), some others, in random order.
        var inputs = Enumerable.Range(0, count).Select(_ => RandomBytes(rng, rng.Next(4) == 0 ? rng.Next(0, 700) : 540 + rng.Next(3))).ToList();
        var hashes = new Hash32[count];
        KeccakMany.Hash(inputs, hashes);
        Assert.Equal(inputs.Select(i => Keccak.Hash(i)), hashes);
    }

    [Fact]
    public void A_known_vector_and_bad_arguments()
    {
        var hashes = new Hash32[4];
        KeccakMany.Hash([[], [], [], []], hashes);
        Assert.All(hashes, h => Assert.Equal(Keccak.EmptyHash, h));
        Assert.Throws<ArgumentException>(() => KeccakMany.Hash([[1], [2]], new Hash32[1]));
        Assert.Throws<ArgumentException>(() => KeccakMany.Hash([[1], null!, [3], [4]], new Hash32[4]));
    }

    [Fact]
    public void Eight_lane_permutation_equals_eight_scalar_permutations_of_different_states()
    {
        var rng = new Random(3);
        var states = new ulong[8][];
        for (var k = 0; k < 8; k++)
        {
            states[k] = [.. Enumerable.Range(0, 25).Select(_ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 33))];
        }
        var lanes = new System.Runtime.Intrinsics.Vector512<ulong>[25];
        for (var i = 0; i < 25; i++)
        {
            lanes[i] = System.Runtime.Intrinsics.Vector512.Create([.. states.Select(st => st[i])]);
        }
        if (!KeccakF1600x8.IsSupported)
        {
            // Without AVX-512 the eight-lane path must refuse rather than compute anything (KeccakMany goes scalar).
            Assert.False(KeccakMany.IsVectorized);
            Assert.Throws<ArgumentException>(() => KeccakF1600x8.Permute(lanes));
            return;
        }
        Assert.True(KeccakMany.IsVectorized);
        for (var round = 0; round < 3; round++)
        {
            KeccakF1600x8.Permute(lanes);
            foreach (var st in states)
            {
                KeccakF1600.Permute(st);
            }
            for (var k = 0; k < 8; k++)
            {
                for (var i = 0; i < 25; i++)
                {
                    Assert.Equal(states[k][i], System.Runtime.Intrinsics.Vector512.GetElement(lanes[i], k));
                }
            }
        }
    }

    private static byte[] RandomBytes(Random rng, int length)
    {
        var b = new byte[length];
        rng.NextBytes(b);
        return b;
    }
}
