using System.Numerics;
using Wsc.Chain.Abi;
using Wsc.Chain.Types;

namespace Wsc.Chain.Tests.Abi;

public sealed class AbiTests
{
    [Fact]
    public void Selectors_and_topics_match_known_values()
    {
        Assert.Equal("0xa9059cbb", Hex.Encode(AbiCodec.Selector("transfer(address,uint256)")));
        Assert.Equal("0x70a08231", Hex.Encode(AbiCodec.Selector("balanceOf(address)")));
        Assert.Equal("0xa9059cbb", Hex.Encode(AbiCodec.Selector("transfer(address to, uint256 amount)")));
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            AbiCodec.EventTopic("Transfer(address,address,uint256)").ToString());
    }

    [Fact]
    public void Solidity_docs_examples_encode_exactly()
    {
        Assert.Equal(
            "0xcdcd77c000000000000000000000000000000000000000000000000000000000000000450000000000000000000000000000000000000000000000000000000000000001",
            Hex.Encode(AbiCodec.EncodeCall("baz(uint32,bool)", 69, true)));
        var sam = AbiCodec.EncodeCall("sam(bytes,bool,uint256[])", "dave"u8.ToArray(), true, new List<object> { 1, 2, 3 });
        Assert.Equal(
            "0xa5643bf2" +
            "0000000000000000000000000000000000000000000000000000000000000060" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "00000000000000000000000000000000000000000000000000000000000000a0" +
            "0000000000000000000000000000000000000000000000000000000000000004" +
            "6461766500000000000000000000000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000003" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "0000000000000000000000000000000000000000000000000000000000000003",
            Hex.Encode(sam));
        var back = AbiCodec.Decode(["bytes", "bool", "uint256[]"], sam.AsSpan(4));
        Assert.Equal("dave"u8.ToArray(), back[0]);
        Assert.Equal(true, back[1]);
        Assert.Equal(new object[] { new BigInteger(1), new BigInteger(2), new BigInteger(3) }, ((List<object>)back[2]).ToArray());
    }

    [Fact]
    public void All_supported_types_round_trip()
    {
        var addr = Address.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        var word = Hash32.Parse("0x" + new string('a', 64));
        string[] types = ["uint256", "int128", "address", "bool", "bytes32", "bytes", "string", "bytes4", "address[]"];
        object[] values = [BigInteger.Pow(2, 255), new BigInteger(-5), addr, false, word, new byte[70], "héllo", new byte[] { 1, 2, 3, 4 }, new List<object> { addr, Address.Zero }];
        var enc = AbiCodec.Encode(types, values);
        var dec = AbiCodec.Decode(types, enc);
        Assert.Equal(BigInteger.Pow(2, 255), dec[0]);
        Assert.Equal(new BigInteger(-5), dec[1]);
        Assert.Equal(addr, dec[2]);
        Assert.Equal(false, dec[3]);
        Assert.Equal(word.ToArray(), dec[4]);
        Assert.Equal(new byte[70], dec[5]);
        Assert.Equal("héllo", dec[6]);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, dec[7]);
        Assert.Equal(new object[] { addr, Address.Zero }, ((List<object>)dec[8]).ToArray());
    }

    [Fact]
    public void Erc20_transfer_log_decodes()
    {
        var ev = new AbiEvent("Transfer(address indexed from, address indexed to, uint256 value)");
        var from = Address.Parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        var to = Address.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
        var log = new Log
        {
            Address = Address.Zero,
            Topics = [ev.Topic, Topic(from), Topic(to)],
            Data = AbiCodec.Encode(["uint256"], [new BigInteger(1000)]),
        };
        var v = ev.Decode(log);
        Assert.Equal(from, v["from"]);
        Assert.Equal(to, v["to"]);
        Assert.Equal(new BigInteger(1000), v["value"]);
        Assert.Equal("Transfer(address,address,uint256)", ev.Signature);
        Assert.False(ev.Matches(new Log { Address = Address.Zero, Topics = [ev.Topic], Data = log.Data }));
    }

    [Fact]
    public void Malformed_data_is_refused()
    {
        var enc = AbiCodec.Encode(["address", "bool", "string"], [Address.Zero, true, "x"]);
        var badAddr = (byte[])enc.Clone();
        badAddr[0] = 1;
        Assert.Throws<FormatException>(() => AbiCodec.Decode(["address"], badAddr));
        var badBool = (byte[])enc.Clone();
        badBool[63] = 2;
        Assert.Throws<FormatException>(() => AbiCodec.Decode(["address", "bool"], badBool));
        var badOffset = (byte[])enc.Clone();
        badOffset[95] = 0xF0;
        Assert.Throws<FormatException>(() => AbiCodec.Decode(["address", "bool", "string"], badOffset));
        Assert.Throws<FormatException>(() => AbiCodec.Decode(["address", "bool", "string"], enc.AsSpan(0, enc.Length - 32)));
        Assert.Throws<FormatException>(() => AbiCodec.Decode(["uint8"], AbiCodec.Encode(["uint256"], [256])));
        Assert.Throws<FormatException>(() => AbiType.Parse("uint7"));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiCodec.Encode(["uint8"], [256]));
    }

    private static Hash32 Topic(Address a)
    {
        var w = new byte[32];
        a.Span.CopyTo(w.AsSpan(12));
        return new Hash32(w);
    }
}
