using Org.BouncyCastle.Crypto.Digests;
using Wsc.Chain.Crypto;

namespace Wsc.Chain.Tests.Crypto;

/// <summary>The unrolled sponge agrees with BouncyCastle's KeccakDigest(256), Ethereum's Keccak, at every length.</summary>
public sealed class KeccakReferenceTests
{
    private static byte[] Reference(byte[] data)
    {
        var d = new KeccakDigest(256);
        d.BlockUpdate(data, 0, data.Length);
        var output = new byte[32];
        d.DoFinal(output, 0);
        return output;
    }

    [Fact]
    public void Every_length_across_several_rate_boundaries_matches_the_reference()
    {
        var random = new Random(1186);
        for (var length = 0; length <= 3 * Keccak.Rate + 3; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Reference(data), Keccak.Hash(data).ToArray());
        }
    }

    [Fact]
    public void Long_inputs_match_the_reference()
    {
        var random = new Random(7);
        foreach (var length in new[] { 1000, 4096, 65_536, 131_072 + 17 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Reference(data), Keccak.Hash(data).ToArray());
        }
    }

    [Fact]
    public void A_short_destination_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Keccak.Hash([1, 2, 3], new byte[31]));
        Assert.Contains("expected at least 32", e.Message);
    }
}
