using System.Text.Json;
using System.Text.Json.Nodes;
using Wsc.Chain.Rlp;
using Wsc.Chain.Tests.Fixtures;
using Wsc.Chain.Types;

namespace Wsc.Chain.Tests.Types;

public sealed class BlockHeaderTests
{
    [Fact]
    public void Every_fixture_header_hashes_to_its_published_hash()
    {
        var checkedForks = 0;
        foreach (var f in RpcFixture.All("eth_getBlockByNumber").Where(f => f.HasResult))
        {
            var header = BlockHeader.FromJson(f.Result);
            Assert.Equal(Hash32.Parse(f.Result.GetProperty("hash").GetString()!), header.Hash);
            Assert.Equal(f.Result.GetProperty("number").GetString(), Hex.Quantity(header.Number));
            checkedForks++;
        }
        Assert.Equal(9, checkedForks);
    }

    [Fact]
    public void Prague_header_carries_every_fork_field()
    {
        var h = BlockHeader.FromJson(RpcFixture.Load("eth_getBlockByNumber", "get-block-prague-fork.io").Result);
        Assert.NotNull(h.BaseFeePerGas);
        Assert.NotNull(h.WithdrawalsRoot);
        Assert.Equal(0x20000UL, h.BlobGasUsed);
        Assert.NotNull(h.ExcessBlobGas);
        Assert.NotNull(h.ParentBeaconBlockRoot);
        Assert.Equal(Hash32.Parse("0x57cac3e52cdcd73e52bd9e54956e0eae370f00ed41f68edc78266bdb46c3a543"), h.RequestsHash);
        var back = BlockHeader.Decode(h.Encode());
        Assert.Equal(h.Hash, back.Hash);
        Assert.Equal(h.Encode(), back.Encode());
    }

    [Fact]
    public void Raw_header_round_trips_and_matches_raw_block()
    {
        var raw = Hex.Decode(RpcFixture.Load("debug_getRawHeader", "get-block-n.io").Result.GetString()!);
        var header = BlockHeader.Decode(raw);
        Assert.Equal(3UL, header.Number);
        Assert.Equal(raw, header.Encode());
        var block = Block.Decode(Hex.Decode(RpcFixture.Load("debug_getRawBlock", "get-block-n.io").Result.GetString()!));
        Assert.Equal(header.Hash, block.Header.Hash);
        var genesis = BlockHeader.Decode(Hex.Decode(RpcFixture.Load("debug_getRawHeader", "get-genesis.io").Result.GetString()!));
        Assert.Equal(0UL, genesis.Number);
    }

    [Fact]
    public void Whole_fixture_chain_links_by_parent_hash_and_round_trips()
    {
        var blocks = RpcFixture.ChainBlocks();
        Assert.True(blocks.Count > 40);
        for (var i = 1; i < blocks.Count; i++)
        {
            Assert.Equal(blocks[i - 1].Header.Hash, blocks[i].Header.ParentHash);
            Assert.Equal(blocks[i - 1].Header.Number + 1, blocks[i].Header.Number);
        }
        foreach (var b in blocks)
        {
            Assert.Equal(b.Header.Hash, BlockHeader.Decode(b.Header.Encode()).Hash);
        }
        var latest = RpcFixture.Load("eth_getBlockByNumber", "get-latest.io").Result;
        Assert.Equal(Hash32.Parse(latest.GetProperty("hash").GetString()!), blocks[^1].Header.Hash);
    }

    [Theory]
    [InlineData("stateRoot", "0x1fd07e3aa3022c9999d5c507f0d55c309832a78273af02e53bddc7785606d2ef")]
    [InlineData("timestamp", "0x1c3")]
    [InlineData("gasUsed", "0x695c1")]
    [InlineData("requestsHash", "0x57cac3e52cdcd73e52bd9e54956e0eae370f00ed41f68edc78266bdb46c3a544")]
    [InlineData("extraData", "0x01")]
    public void Altering_any_field_changes_the_hash(string field, string value)
    {
        var json = JsonNode.Parse(RpcFixture.Load("eth_getBlockByNumber", "get-block-prague-fork.io").Result.GetRawText())!;
        var published = Hash32.Parse(json["hash"]!.GetValue<string>());
        json[field] = value;
        var altered = BlockHeader.FromJson(JsonDocument.Parse(json.ToJsonString()).RootElement);
        Assert.NotEqual(published, altered.Hash);
    }

    [Fact]
    public void Malformed_header_rlp_is_refused()
    {
        var raw = Hex.Decode(RpcFixture.Load("debug_getRawHeader", "get-block-n.io").Result.GetString()!);
        Assert.Throws<RlpException>(() => BlockHeader.Decode([.. raw, 0x00]));
        Assert.Throws<RlpException>(() => BlockHeader.Decode(raw.AsSpan(0, raw.Length - 1)));
        Assert.Throws<FormatException>(() => BlockHeader.FromJson(JsonDocument.Parse("{\"number\":\"0x1\"}").RootElement));
    }
}
