using Wsc.Chain.Crypto;
using Wsc.Storage.Crypto;

namespace Wsc.Storage.Tests.Merkle;

public sealed class ShortKeccakTests
{
    [Fact]
    public void Matches_the_chain_keccak_for_every_length_within_a_block()
    {
        var rng = new Random(3);
        var dest = new byte[32];
        for (var n = 0; n <= ShortKeccak.MaxInput; n++)
        {
            var data = new byte[n];
            rng.NextBytes(data);
            ShortKeccak.Hash(data, dest);
            Assert.Equal(Keccak.Hash(data).ToArray(), dest);
        }
        ShortKeccak.Hash([], dest);
        Assert.Equal("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Convert.ToHexStringLower(dest));
    }

    [Fact]
    public void Pair_and_split_inputs_match_the_chain_keccak()
    {
        var rng = new Random(4);
        var dest = new byte[32];
        var data = new byte[200];
        rng.NextBytes(data);
        ShortKeccak.HashPair(data.AsSpan(0, 32), data.AsSpan(32, 32), dest);
        Assert.Equal(Keccak.Hash(data.AsSpan(0, 64)).ToArray(), dest);
        StorageKeccak.Hash(data.AsSpan(0, 100), data.AsSpan(100, 100), dest);
        Assert.Equal(Keccak.Hash(data).ToArray(), dest);
        StorageKeccak.Hash(data.AsSpan(0, 10), data.AsSpan(10, 7), dest);
        Assert.Equal(Keccak.Hash(data.AsSpan(0, 17)).ToArray(), dest);
        Assert.Throws<ArgumentException>(() => ShortKeccak.Hash(new byte[136], dest));
    }

    [Fact]
    public void Four_way_pairs_match_the_chain_keccak_in_place_too()
    {
        var data = new byte[256];
        new Random(5).NextBytes(data);
        var expected = Enumerable.Range(0, 4).SelectMany(k => Keccak.Hash(data.AsSpan(k * 64, 64)).ToArray()).ToArray();
        var output = new byte[128];
        KeccakX4.HashPairs(data, output);
        Assert.Equal(expected, output);
        KeccakX4.HashPairs(data, data);
        Assert.Equal(expected, data[..128]);
    }

    [Fact]
    public void Eight_way_pairs_match_the_chain_keccak_where_avx512_runs()
    {
        var data = new byte[512];
        new Random(6).NextBytes(data);
        var expected = Enumerable.Range(0, 8).SelectMany(k => Keccak.Hash(data.AsSpan(k * 64, 64)).ToArray()).ToArray();
        if (!KeccakX8.IsSupported)
        {
            Assert.Throws<ArgumentException>(() => KeccakX8.HashPairs(data, new byte[256]));
            return;
        }
        var output = new byte[256];
        KeccakX8.HashPairs(data, output);
        Assert.Equal(expected, output);
        KeccakX8.HashPairs(data, data);
        Assert.Equal(expected, data[..256]);
    }
}
