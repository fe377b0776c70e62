using Wsc.Chain.Bitcoin;
using Wsc.TestKit;

namespace Wsc.Chain.Tests.Bitcoin;

public sealed class BitcoinHeaderTests
{
    private static Dictionary<long, BitcoinHeader> Load(string file) =>
        File.ReadLines(Paths.Data("bitcoin-mainnet", file))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(' '))
            .ToDictionary(p => long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p => BitcoinHeader.ParseHex(p[1]));

    [Fact]
    public void Genesis_hashes_to_the_known_id_and_round_trips()
    {
        var line = File.ReadLines(Paths.Data("bitcoin-mainnet", "retarget-boundaries.txt")).First(l => l.StartsWith("0 ", StringComparison.Ordinal));
        var genesis = BitcoinHeader.ParseHex(line[2..]);
        Assert.Equal("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", genesis.Id);
        Assert.Equal(line[2..], Convert.ToHexStringLower(genesis.Encode()));
        Assert.Equal(0x1d00ffffu, genesis.Bits);
        BitcoinChainRules.CheckProofOfWork(genesis, 0);
    }

    [Fact]
    public void Continuous_mainnet_range_links_meets_targets_and_retargets()
    {
        var headers = Load("continuous-822528-830592.txt");
        Assert.Equal(8065, headers.Count);
        var retargets = 0;
        for (var h = 822529L; h <= 830592; h++)
        {
            BitcoinChainRules.CheckExtends(headers[h - 1], headers[h], h);
            if (h % BitcoinChainRules.RetargetInterval == 0)
            {
                Assert.Equal(headers[h].Bits, BitcoinChainRules.NextBits(headers[h - BitcoinChainRules.RetargetInterval], headers[h - 1]));
                retargets++;
            }
        }
        Assert.Equal(4, retargets);
    }

    [Fact]
    public void Every_mainnet_retarget_up_to_832608_is_reproduced()
    {
        var headers = Load("retarget-boundaries.txt");
        var checkedCount = 0;
        for (var k = 1L; headers.ContainsKey(k * 2016); k++)
        {
            var first = headers[(k - 1) * 2016];
            var last = headers[(k * 2016) - 1];
            var next = headers[k * 2016];
            BitcoinChainRules.CheckExtends(last, next, k * 2016);
            Assert.True(next.Bits == BitcoinChainRules.NextBits(first, last), $"retarget at {k * 2016}");
            checkedCount++;
        }
        Assert.Equal(413, checkedCount);
    }

    [Fact]
    public void Tampered_headers_are_refused()
    {
        var headers = Load("continuous-822528-830592.txt");
        var prev = headers[822600];
        var good = headers[822601];
        BitcoinChainRules.CheckExtends(prev, good, 822601);
        var raw = good.Encode();
        raw[79] ^= 1;
        Assert.Throws<FormatException>(() => BitcoinChainRules.CheckExtends(prev, BitcoinHeader.Parse(raw), 822601));
        Assert.Throws<FormatException>(() => BitcoinChainRules.CheckExtends(headers[822599], good, 822601));
        var easier = new BitcoinHeader
        {
            Version = good.Version, PrevBlock = good.PrevBlock, MerkleRoot = good.MerkleRoot, Time = good.Time,
            Bits = 0x1d00ffff, Nonce = good.Nonce,
        };
        Assert.Throws<FormatException>(() => BitcoinChainRules.CheckExtends(prev, easier, 822601));
        Assert.Throws<FormatException>(() => BitcoinHeader.Parse(new byte[79]));
        Assert.Throws<FormatException>(() => BitcoinHeader.CompactToTarget(0x04923456));
    }

    [Theory]
    [InlineData(0x1d00ffffu)]
    [InlineData(0x17034219u)]
    [InlineData(0x1b0404cbu)]
    [InlineData(0x05009234u)]
    public void Compact_targets_round_trip(uint bits)
    {
        Assert.Equal(bits, BitcoinHeader.TargetToCompact(BitcoinHeader.CompactToTarget(bits)));
    }
}
