using System.Numerics;
using System.Text;
using Wsc.Chain.Crypto;

namespace Wsc.Chain.Tests.Primitives;

public sealed class PrimitiveTests
{
    [Fact]
    public void Keccak_of_empty_input_is_the_published_constant()
    {
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Keccak.Hash([]).ToString());
    }

    [Fact]
    public void Keccak_differs_from_sha3_and_matches_known_value()
    {
        // keccak256("abc"); SHA3-256("abc") would be 3a985da7...
        Assert.Equal("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
            Keccak.Hash(Encoding.ASCII.GetBytes("abc")).ToString());
    }

    [Fact]
    public void Incremental_keccak_equals_one_shot()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var h = new KeccakHasher();
        h.Append(data.AsSpan(0, 3)).Append(data.AsSpan(3, 500)).Append(data.AsSpan(503));
        Assert.Equal(Keccak.Hash(data), h.Finish());
        Assert.Equal(Keccak.Hash(data.AsSpan(0, 10)), h.Append(data.AsSpan(0, 10)).Finish());
    }

    [Fact]
    public void Hash32_parses_prints_and_compares()
    {
        var s = "0x80e911b62f552f563a2544dfef5eb39ec8863d9082c998ca6b657f76e19de38e";
        var h = Hash32.Parse(s);
        Assert.Equal(s, h.ToString());
        Assert.Equal(h, Hash32.Parse(s.ToUpperInvariant().Replace("0X", "0x")));
        Assert.NotEqual(Hash32.Zero, h);
        Assert.Equal(32, h.ToArray().Length);
        Assert.Throws<FormatException>(() => Hash32.Parse("80e911b62f552f563a2544dfef5eb39ec8863d9082c998ca6b657f76e19de38e"));
        Assert.Throws<FormatException>(() => Hash32.Parse("0x80e9"));
        Assert.Throws<FormatException>(() => Hash32.Parse("0x" + new string('g', 64)));
        Assert.False(Hash32.TryParse("0x12", out _));
    }

    [Fact]
    public void Address_checksum_follows_eip55()
    {
        // EIP-55 reference vectors.
        string[] vectors =
        [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ];
        foreach (var v in vectors)
        {
            var a = Address.Parse(v);
            Assert.Equal(v, a.ToChecksumString());
            Assert.Equal(v.ToLowerInvariant(), a.ToString());
        }
        Assert.Throws<FormatException>(() => Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        Assert.Throws<FormatException>(() => Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae"));
    }

    [Fact]
    public void Contract_addresses_follow_create_and_create2()
    {
        var deployer = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        Assert.Equal("0x5FbDB2315678afecb367f032d93F642f64180aa3", ContractAddress.Create(deployer, 0).ToChecksumString());
        Assert.NotEqual(ContractAddress.Create(deployer, 0), ContractAddress.Create(deployer, 1));
        // EIP-1014 examples 0 and 1.
        Assert.Equal("0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38", ContractAddress.Create2(Address.Zero, Hash32.Zero, [0x00]).ToChecksumString());
        Assert.Equal("0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3",
            ContractAddress.Create2(Address.Parse("0xdeadbeef00000000000000000000000000000000"), Hash32.Zero, [0x00]).ToChecksumString());
    }

    [Fact]
    public void Hex_quantities_are_strict()
    {
        Assert.Equal(0x2dUL, Hex.ParseQuantity("0x2d"));
        Assert.Equal(0UL, Hex.ParseQuantity("0x0"));
        Assert.Throws<FormatException>(() => Hex.ParseQuantity("0x02d"));
        Assert.Throws<FormatException>(() => Hex.ParseQuantity("0x"));
        Assert.Throws<FormatException>(() => Hex.ParseQuantity("2d"));
        Assert.Throws<FormatException>(() => Hex.ParseQuantity("0x1" + new string('0', 16)));
        Assert.Equal(BigInteger.Pow(2, 64), Hex.ParseBigQuantity("0x1" + new string('0', 16)));
        Assert.Equal("0x0", Hex.Quantity(0UL));
        Assert.Equal("0x1c2", Hex.Quantity(450UL));
        Assert.Equal("0x10000000000000000", Hex.Quantity(BigInteger.Pow(2, 64)));
        Assert.Throws<FormatException>(() => Hex.Decode("0xabc"));
        Assert.Empty(Hex.Decode("0x"));
    }
}
