using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wsc.Chain.Rpc;
using Wsc.Chain.Tests.Fixtures;
using Wsc.Chain.Types;

namespace Wsc.Chain.Tests.Rpc;

/// <summary>
/// The streaming batch reader (the follower's catch-up path) against the object model it replaces: the same RLP,
/// hashes and receipt encodings for every fixture, and the same refusals for every tampered field.
/// </summary>
public sealed class BlockBatchReaderTests : IDisposable
{
    private readonly FakeNode _node = new();

    public void Dispose() => _node.Dispose();

    private static readonly IReadOnlyList<Block> Blocks = RpcFixture.ChainBlocks();

    /// <summary>Every block a node could render: the fixture chain (every fork) and the real-node fixture answers.</summary>
    public static IEnumerable<JsonObject> BlockJsons() =>
        Blocks.Select(b => FakeNode.HeaderJson(b.Header))
            .Concat(RpcFixture.All("eth_getBlockByNumber").Where(f => f.HasResult).Select(f => JsonNode.Parse(f.Result.GetRawText())!.AsObject()));

    private static byte[] Batch(params JsonNode?[] results) =>
        Encoding.UTF8.GetBytes(new JsonArray([.. results.Select((r, i) => (JsonNode)new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 10 + i, ["result"] = r?.DeepClone() })]).ToJsonString());

    private static BlockBatchReader.Header ReadHeader(JsonObject block) =>
        BlockBatchReader.ReadBatch("test", Batch(block), 10, 1, BlockBatchReader.ReadHeader)![0]!;

    private static BlockBatchReader.Receipts ReadReceipts(JsonNode receipts) =>
        BlockBatchReader.ReadBatch("test", Batch(receipts), 10, 1, BlockBatchReader.ReadReceipts)![0]!;

    [Fact]
    public void Every_fixture_header_reads_to_the_same_rlp_and_hash_as_the_object_model()
    {
        var count = 0;
        foreach (var json in BlockJsons())
        {
            var model = BlockHeader.FromJson(JsonDocument.Parse(json.ToJsonString()).RootElement);
            var fast = ReadHeader(json);
            Assert.Equal(model.Encode(), fast.Rlp);
            Assert.Equal(model.Hash, fast.Hash);
            Assert.Equal(model.Number, fast.Number);
            Assert.Equal(model.ParentHash, fast.ParentHash);
            Assert.Equal(model.Timestamp, fast.Timestamp);
            Assert.Equal(model.ReceiptsRoot, fast.ReceiptsRoot);
            count++;
        }
        Assert.True(count > 50, $"only {count} headers checked");
    }

    [Fact]
    public void Every_fixture_receipt_set_reads_to_the_same_encodings_and_root()
    {
        var sets = RpcFixture.All("eth_getBlockReceipts").Where(f => f.HasResult && f.Result.GetArrayLength() > 0).ToList();
        Assert.NotEmpty(sets);
        var logs = 0;
        foreach (var f in sets)
        {
            var model = f.Result.EnumerateArray().Select(Receipt.FromJson).ToList();
            var fast = ReadReceipts(JsonNode.Parse(f.Result.GetRawText())!);
            Assert.Equal(model.Select(r => r.Encode()), fast.Items);
            Assert.Equal(model.Sum(r => r.Logs.Count), fast.Logs);
            var number = model[0].BlockNumber!.Value;
            var header = ReadHeader(FakeNode.HeaderJson(Blocks.Single(b => b.Header.Number == number).Header));
            Assert.Equal(fast.Items, BlockBatchReader.Verify(header, fast));
            logs += fast.Logs;
        }
        Assert.True(logs > 0, "no fixture receipt carried a log");
    }

    [Fact]
    public void Receipt_sets_verified_together_refuse_a_batch_with_one_changed_receipt_and_name_its_block()
    {
        var sets = RpcFixture.All("eth_getBlockReceipts").Where(f => f.HasResult && f.Result.GetArrayLength() > 0)
            .Select(f => ReadReceipts(JsonNode.Parse(f.Result.GetRawText())!)).ToList();
        var headers = sets.Select(r => ReadHeader(FakeNode.HeaderJson(Blocks.Single(b => b.Header.Hash == r.ClaimedBlock).Header))).ToList();
        Assert.True(sets.Count >= 2, $"only {sets.Count} fixture receipt sets");
        BlockBatchReader.VerifyAll(headers, sets);
        for (var victim = 0; victim < sets.Count; victim++)
        {
            var items = sets[victim].Items;
            var last = items[^1];
            items[^1] = [.. last[..^1], (byte)(last[^1] ^ 1)];
            var ex = Assert.Throws<RpcDataException>(() => BlockBatchReader.VerifyAll(headers, sets));
            Assert.Contains($"of block {headers[victim].Number} hash to root", ex.Message);
            items[^1] = last;
        }
        // Receipts matched with another block's header: refused too.
        var swapped = sets.ToList();
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        Assert.Throws<RpcDataException>(() => BlockBatchReader.VerifyAll(headers, swapped));
    }

    [Fact]
    public void Typed_and_legacy_receipts_with_several_logs_match_the_object_model()
    {
        var receipts = JsonNode.Parse(SyntheticReceipts)!;
        var model = receipts.AsArray().Select(r => Receipt.FromJson(JsonDocument.Parse(r!.ToJsonString()).RootElement)).ToList();
        var fast = ReadReceipts(receipts);
        Assert.Equal(model.Select(r => r.Encode()), fast.Items);
        Assert.Equal(4, fast.Logs);
        Assert.Equal(Receipt.ComputeRoot(model), Wsc.Chain.Trie.OrderedTrie.Root(fast.Items));
    }

    [Fact]
    public void A_change_to_any_header_field_is_refused()
    {
        foreach (var json in BlockJsons().Where((_, i) => i % 7 == 0))
        {
            foreach (var (name, value) in json.ToList())
            {
                if (value is not JsonValue v || v.GetValue<string>() is not { Length: > 2 } hex || name is "size" or "totalDifficulty")
                {
                    continue;
                }
                var tampered = json.DeepClone().AsObject();
                // Flip the last hex digit: still well-formed, a different value (hash fields: a different claim).
                tampered[name] = hex[..^1] + (hex[^1] == '1' ? '2' : '1');
                var ex = Record.Exception(() => ReadHeader(tampered));
                Assert.True(ex is RpcDataException, $"{name} changed in block {json["number"]} was accepted ({ex?.GetType().Name})");
            }
        }
    }

    [Fact]
    public void A_batch_of_headers_hashed_together_reads_like_one_at_a_time()
    {
        var jsons = BlockJsons().ToList();
        var batch = BlockBatchReader.ReadHeaders("test", Batch([.. jsons]), 10, jsons.Count)!;
        Assert.Equal(jsons.Count, batch.Length);
        for (var i = 0; i < jsons.Count; i++)
        {
            AssertSame(ReadHeader(jsons[i]), batch[i]!);
        }
        // Results the node answered with null (a block it does not have) stay null.
        var withGap = BlockBatchReader.ReadHeaders("test", Batch(jsons[0], null, jsons[1]), 10, 3)!;
        Assert.Null(withGap[1]);
        AssertSame(ReadHeader(jsons[1]), withGap[2]!);

        static void AssertSame(BlockBatchReader.Header expected, BlockBatchReader.Header actual)
        {
            Assert.Equal(expected with { Rlp = [] }, actual with { Rlp = [] });
            Assert.Equal(expected.Rlp, actual.Rlp);
        }
    }

    [Fact]
    public void One_changed_header_in_a_batch_refuses_the_whole_batch_and_names_its_block()
    {
        // Same-length headers (one sponge-block count) so that they share eight-lane passes, with one lane tampered.
        var jsons = Blocks.Where(b => b.Header.Encode().Length / 136 == Blocks[^1].Header.Encode().Length / 136)
            .Select(b => FakeNode.HeaderJson(b.Header)).Take(16).ToList();
        Assert.True(jsons.Count >= 8, $"only {jsons.Count} same-size fixture headers");
        foreach (var victim in new[] { 0, 5, jsons.Count - 1 })
        {
            foreach (var field in new[] { "stateRoot", "hash", "timestamp", "extraData" })
            {
                var tampered = jsons.Select(j => (JsonNode)j.DeepClone()).ToArray();
                var hex = tampered[victim]![field]!.GetValue<string>();
                tampered[victim]![field] = field == "extraData" ? hex + "00" : hex[..^1] + (hex[^1] == '1' ? '2' : '1');
                var ex = Assert.Throws<RpcDataException>(() => BlockBatchReader.ReadHeaders("test", Batch(tampered), 10, tampered.Length));
                Assert.Contains($"block {Convert.ToUInt64(jsons[victim]["number"]!.GetValue<string>(), 16)} fields hash to", ex.Message);
            }
        }
    }

    [Theory]
    [InlineData("remove", "stateRoot", "lacks required field 'stateRoot'")]
    [InlineData("remove", "hash", "lacks required field 'hash'")]
    [InlineData("leading-zero", "gasLimit", "leading zero")]
    [InlineData("number", "gasUsed", "must be a hex string")]
    [InlineData("no-prefix", "timestamp", "lacks the 0x prefix")]
    [InlineData("short", "parentHash", "expected 32")]
    [InlineData("odd", "extraData", "odd number")]
    [InlineData("gap", "withdrawalsRoot", "earlier fork field is missing")]
    public void Malformed_headers_are_refused_with_a_line_naming_the_field(string how, string field, string message)
    {
        var json = BlockJsons().Last(b => b.ContainsKey("requestsHash")).DeepClone().AsObject();
        var hex = json[field]?.GetValue<string>() ?? "";
        switch (how)
        {
            case "remove":
                json.Remove(field);
                break;
            case "leading-zero":
                json[field] = "0x0" + hex[2..];
                break;
            case "number":
                json[field] = 5;
                break;
            case "no-prefix":
                json[field] = hex[2..];
                break;
            case "short":
                json[field] = hex[..^2];
                break;
            case "odd":
                json[field] = hex + "1";
                break;
            case "gap":
                json.Remove("baseFeePerGas");
                break;
        }
        var ex = Assert.Throws<RpcDataException>(() => ReadHeader(json));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_header_field_given_twice_is_refused()
    {
        var json = BlockJsons().First().ToJsonString();
        var doubled = json.Replace("\"gasUsed\":", "\"gasUsed\":\"0x0\",\"gasUsed\":", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes($"[{{\"jsonrpc\":\"2.0\",\"id\":10,\"result\":{doubled}}}]");
        var ex = Assert.Throws<RpcDataException>(() => BlockBatchReader.ReadBatch("test", body, 10, 1, BlockBatchReader.ReadHeader));
        Assert.Contains("appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_to_any_consensus_field_of_a_receipt_breaks_the_root()
    {
        var receipts = JsonNode.Parse(SyntheticReceipts)!.AsArray();
        var honest = Wsc.Chain.Trie.OrderedTrie.Root(ReadReceipts(receipts).Items);
        var header = new BlockBatchReader.Header(7, Hash32.Parse(BlockHashHex), default, 0, honest, []);
        Assert.NotEmpty(BlockBatchReader.Verify(header, ReadReceipts(receipts)));

        var edits = new List<Action<JsonArray>>
        {
            r => r[0]!["status"] = "0x0",
            r => r[1]!["cumulativeGasUsed"] = "0x5209",
            r => r[0]!["logsBloom"] = "0x" + new string('0', 511) + "1",
            r => r[0]!["logs"]![0]!["address"] = "0x" + new string('1', 40),
            r => r[0]!["logs"]![1]!["topics"]![0] = "0x" + new string('2', 64),
            r => r[0]!["logs"]![1]!["topics"]!.AsArray().RemoveAt(1),
            r => r[1]!["logs"]![0]!["data"] = "0x",
            r => r[1]!["type"] = "0x2",
            r => r.RemoveAt(1),
            r => r.Add(r[0]!.DeepClone()),
        };
        foreach (var (edit, i) in edits.Select((e, i) => (e, i)))
        {
            var tampered = receipts.DeepClone().AsArray();
            edit(tampered);
            var ex = Record.Exception(() => BlockBatchReader.Verify(header, ReadReceipts(tampered)));
            Assert.True(ex is RpcDataException, $"receipt edit {i} was accepted");
        }

        // Metadata naming another block or position is refused even though the root still matches.
        var elsewhere = receipts.DeepClone().AsArray();
        elsewhere[1]!["logs"]![0]!["blockHash"] = "0x" + new string('3', 64);
        Assert.Contains("names another block", Assert.Throws<RpcDataException>(() => BlockBatchReader.Verify(header, ReadReceipts(elsewhere))).Message, StringComparison.Ordinal);
        var misplaced = receipts.DeepClone().AsArray();
        misplaced[1]!["transactionIndex"] = "0x0";
        Assert.Throws<RpcDataException>(() => BlockBatchReader.Verify(header, ReadReceipts(misplaced)));
    }

    [Fact]
    public void Batch_envelopes_with_unknown_repeated_or_missing_ids_are_refused()
    {
        var block = BlockJsons().First();
        var body = Batch(block, block);
        Assert.Throws<RpcDataException>(() => BlockBatchReader.ReadBatch("test", body, 11, 2, BlockBatchReader.ReadHeader));
        Assert.Throws<RpcDataException>(() => BlockBatchReader.ReadBatch("test", body, 10, 3, BlockBatchReader.ReadHeader));
        var repeated = Encoding.UTF8.GetString(body).Replace("\"id\":11", "\"id\":10", StringComparison.Ordinal);
        Assert.Throws<RpcDataException>(() => BlockBatchReader.ReadBatch("test", Encoding.UTF8.GetBytes(repeated), 10, 2, BlockBatchReader.ReadHeader));
        // An error item makes the reader hand the body back for the node's message.
        var error = Encoding.UTF8.GetBytes("[{\"jsonrpc\":\"2.0\",\"id\":10,\"error\":{\"code\":-32000,\"message\":\"boom\"}}]");
        Assert.Null(BlockBatchReader.ReadBatch("test", error, 10, 1, BlockBatchReader.ReadHeader));
    }

    [Fact]
    public async Task The_client_fetches_raw_blocks_verified_and_refuses_a_lying_node()
    {
        using var rpc = new EthRpcClient(_node.Http, new RpcOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(5) });
        var last = Blocks[^1].Header;
        var blocks = await rpc.GetRawBlocksAsync(last.Number, 3, default);
        var block = Assert.Single(blocks); // the node has nothing past its head
        Assert.Equal(last.Hash, block.Hash);
        Assert.Equal(last.Encode(), block.HeaderRlp);
        var model = await rpc.GetReceiptsAsync(last, default);
        Assert.Equal(model.Select(r => r.Encode()), block.Receipts);
        Assert.Equal(model.Sum(r => r.Logs.Count), block.LogCount);
        Assert.Equal(2, _node.Requests - 1); // one batch for headers, one for receipts (plus the model's own call)

        _node.Tamper = (method, result) =>
        {
            if (method == "eth_getBlockReceipts" && result is JsonArray { Count: > 0 } a)
            {
                a[0]!["cumulativeGasUsed"] = "0x1";
            }
            return result;
        };
        var ex = await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetRawBlocksAsync(last.Number, 1, default));
        Assert.Contains("hash to root", ex.Message, StringComparison.Ordinal);

        _node.Tamper = (method, result) => method == "eth_getBlockByNumber" && result is JsonObject o ? Touch(o) : result;
        await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetRawBlocksAsync(last.Number, 1, default));
        _node.Tamper = null;
        Assert.Single(await rpc.GetRawBlocksAsync(last.Number, 1, default));

        static JsonObject Touch(JsonObject o)
        {
            o["gasLimit"] = "0x1";
            return o;
        }
    }

    [Fact]
    public async Task A_node_that_refuses_batches_is_read_one_call_at_a_time_with_the_same_result()
    {
        using var rpc = new EthRpcClient(_node.Http, new RpcOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(5) });
        var last = Blocks[^1].Header;
        var batched = await rpc.GetRawBlocksAsync(last.Number, 1, default);
        Assert.False(rpc.BatchesRefused);

        _node.RefuseBatches = true;
        using var single = new EthRpcClient(_node.Http, new RpcOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(5) });
        var headersOnly = await single.GetRawBlocksAsync(last.Number, 1, default);
        Assert.True(single.BatchesRefused);
        Assert.Equal(batched[^1].HeaderRlp, headersOnly[0].HeaderRlp);
        Assert.Equal(batched[^1].Receipts, headersOnly[0].Receipts);
        Assert.Equal(batched[^1].LogCount, headersOnly[0].LogCount);

        // Lies are refused on this path too.
        _node.Tamper = (method, result) =>
        {
            if (method == "eth_getBlockReceipts" && result is JsonArray { Count: > 0 } a)
            {
                a[0]!["cumulativeGasUsed"] = "0x1";
            }
            return result;
        };
        await Assert.ThrowsAsync<RpcDataException>(() => single.GetRawBlocksAsync(last.Number, 1, default));
    }

    private const string BlockHashHex = "0x7777777777777777777777777777777777777777777777777777777777777777";

    private static readonly string SyntheticReceipts = $$"""
        [
          {"type":"0x0","status":"0x1","cumulativeGasUsed":"0x5208","transactionIndex":"0x0","blockHash":"{{BlockHashHex}}",
           "logsBloom":"0x{{new string('0', 510)}}80",
           "logs":[
             {"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","topics":[],"data":"0x","blockHash":"{{BlockHashHex}}"},
             {"data":"0x{{string.Concat(Enumerable.Repeat("ab", 300))}}","topics":["0x{{new string('a', 64)}}","0x{{new string('b', 64)}}","0x{{new string('c', 64)}}"],"address":"0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"}
           ]},
          {"logs":[
             {"address":"0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0","topics":["0x{{new string('d', 64)}}"],"data":"0x01","removed":false,"logIndex":"0x2"},
             {"address":"0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0","topics":["0x{{new string('e', 64)}}"],"data":"0x0203"}
           ],
           "cumulativeGasUsed":"0x1a2b3c","status":"0x0","type":"0x3","transactionIndex":"0x1","from":"0x0000000000000000000000000000000000000001",
           "logsBloom":"0x{{new string('f', 512)}}","effectiveGasPrice":"0x3b9aca00"}
        ]
        """;
}
