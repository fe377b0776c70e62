using System.Numerics;
using System.Text;
using System.Text.Json;
using Wsc.Chain.Rlp;
using Wsc.TestKit;

namespace Wsc.Chain.Tests.Rlp;

public sealed class RlpVectorTests
{
    private static JsonDocument Load(params string[] parts) =>
        JsonDocument.Parse(File.ReadAllText(Paths.Data(["ethereum-tests", "RLPTests", .. parts])));

    private static byte[] FromHex(string s) => Hex.Decode(s.StartsWith("0x", StringComparison.Ordinal) ? s : "0x" + s);

    private static RlpItem ToItem(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => RlpItem.List(e.EnumerateArray().Select(ToItem).ToList()),
        JsonValueKind.Number => RlpItem.String(Hex.MinimalBytes(new BigInteger(e.GetUInt64()))),
        JsonValueKind.String when e.GetString()!.StartsWith('#') =>
            RlpItem.String(Hex.MinimalBytes(BigInteger.Parse(e.GetString()![1..]))),
        JsonValueKind.String => RlpItem.String(Encoding.UTF8.GetBytes(e.GetString()!)),
        _ => throw new InvalidOperationException("unexpected test input " + e.ValueKind),
    };

    [Fact]
    public void Every_valid_vector_encodes_exactly_and_decodes_back()
    {
        using var doc = Load("rlptest.json");
        var count = 0;
        foreach (var test in doc.RootElement.EnumerateObject())
        {
            var expected = FromHex(test.Value.GetProperty("out").GetString()!);
            var item = ToItem(test.Value.GetProperty("in"));
            Assert.True(expected.AsSpan().SequenceEqual(item.Encode()), test.Name + " " + Hex.Encode(item.Encode()));
            Assert.True(expected.AsSpan().SequenceEqual(RlpItem.Decode(expected).Encode()), test.Name);
            count++;
        }
        Assert.Equal(28, count);
    }

    [Fact]
    public void Every_invalid_vector_is_rejected_with_a_reason()
    {
        using var doc = Load("invalidRLPTest.json");
        var count = 0;
        foreach (var test in doc.RootElement.EnumerateObject())
        {
            var bytes = FromHex(test.Value.GetProperty("out").GetString()!);
            var ex = Assert.Throws<RlpException>(() => RlpItem.Decode(bytes));
            Assert.False(string.IsNullOrWhiteSpace(ex.Message), test.Name);
            Assert.DoesNotContain('\n', ex.Message);
            count++;
        }
        Assert.Equal(26, count);
    }

    [Fact]
    public void Random_vectors_decode_and_reencode()
    {
        foreach (var file in Directory.GetFiles(Paths.Data("ethereum-tests", "RLPTests", "RandomRLPTests"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var test in doc.RootElement.EnumerateObject())
            {
                var bytes = FromHex(test.Value.GetProperty("out").GetString()!);
                Assert.Equal(bytes, RlpItem.Decode(bytes).Encode());
            }
        }
    }

    [Theory]
    [InlineData("0x00", 0UL, false)]
    [InlineData("0x80", 0UL, true)]
    [InlineData("0x7f", 127UL, true)]
    [InlineData("0x8180", 128UL, true)]
    [InlineData("0x820001", 0UL, false)]
    [InlineData("0x88ffffffffffffffff", ulong.MaxValue, true)]
    [InlineData("0x890100000000000000", 0UL, false)]
    public void Integers_must_be_canonical(string hex, ulong value, bool ok)
    {
        var bytes = Hex.Decode(hex);
        if (ok)
        {
            var r = new RlpReader(bytes);
            Assert.Equal(value, r.ReadUInt64());
            r.EnsureEnd("test");
            Assert.Equal(bytes, Chain.Rlp.Rlp.EncodeUInt64(value));
        }
        else
        {
            Assert.Throws<RlpException>(() => new RlpReader(bytes).ReadUInt64());
        }
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        Assert.Throws<RlpException>(() => RlpItem.Decode(Hex.Decode("0xc0c0")));
        Assert.Throws<RlpException>(() => Chain.Rlp.Rlp.DecodeBytes(Hex.Decode("0x8180ff")));
    }

    [Fact]
    public void Writer_handles_nested_long_lists()
    {
        var w = new RlpWriter(4);
        var outer = w.StartList();
        for (var i = 0; i < 100; i++)
        {
            var inner = w.StartList();
            w.WriteBytes(new byte[i]);
            w.WriteUInt64((ulong)i * 1_000_003);
            w.EndList(inner);
        }
        w.EndList(outer);
        var item = RlpItem.Decode(w.WrittenSpan);
        Assert.Equal(100, item.Items.Count);
        Assert.Equal(99, item.Items[99].Items[0].Bytes.Length);
        Assert.Equal(w.ToArray(), item.Encode());
    }
}
