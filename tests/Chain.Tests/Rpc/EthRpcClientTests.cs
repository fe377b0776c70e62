using System.Net;
using System.Text.Json.Nodes;
using Polly.CircuitBreaker;
using Wsc.Chain.Rpc;
using Wsc.Chain.Tests.Fixtures;
using Wsc.Chain.Types;

namespace Wsc.Chain.Tests.Rpc;

public sealed class EthRpcClientTests : IDisposable
{
    private static readonly string[] SlotZero = ["0x00"];
    private static readonly IReadOnlyList<Block> Blocks = RpcFixture.ChainBlocks();
    private readonly FakeNode _node = new();

    private static RpcOptions Fast => new()
    {
        // Generous: the machine is shared, and a spurious timeout would add a request the tests count.
        AttemptTimeout = TimeSpan.FromSeconds(5),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetries = 3,
    };

    public void Dispose() => _node.Dispose();

    private static BlockHeader Header(ulong number) => Blocks.Single(b => b.Header.Number == number).Header;

    [Fact]
    public async Task Honest_answers_are_accepted()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        Assert.Equal(3503995874084926UL, await rpc.ChainIdAsync(default));
        var prague = await rpc.GetHeaderAsync(0x2d, default);
        Assert.Equal(Hash32.Parse("0xe4165d5a6e4d31469f4a9354c30bffec633a640940b40bc0bc1ae86d1b391643"), prague!.Hash);
        var latest = await rpc.GetHeaderAsync("latest", default);
        Assert.Equal(Blocks[^1].Header.Hash, latest!.Hash);
        Assert.NotNull(await rpc.GetHeaderAsync("finalized", default));
        Assert.NotNull(await rpc.GetHeaderAsync("safe", default));
        Assert.Equal(prague.Hash, (await rpc.GetHeaderByHashAsync(prague.Hash, default))!.Hash);
        Assert.Null(await rpc.GetHeaderAsync(0x3e8, default) is { } ? "unexpected" : null);

        var receipts = await rpc.GetReceiptsAsync(latest, default);
        Assert.True(receipts.Sum(r => r.Logs.Count) > 0);
        var first = await rpc.GetReceiptsAsync(Header(1), default);
        Assert.Equal(Header(1).ReceiptsRoot, Receipt.ComputeRoot(first));
    }

    [Theory]
    [InlineData("stateRoot", "0x1fd07e3aa3022c9999d5c507f0d55c309832a78273af02e53bddc7785606d2ef")]
    [InlineData("receiptsRoot", "0xc343b7f5b3838cf1b0c7b0cf6940e89ceb5d0feb2dfbb1e223d3bae82dc43c6e")]
    [InlineData("timestamp", "0x1c3")]
    [InlineData("hash", "0xe4165d5a6e4d31469f4a9354c30bffec633a640940b40bc0bc1ae86d1b391644")]
    public async Task A_header_with_one_altered_field_is_refused_without_retry(string field, string value)
    {
        _node.Tamper = (method, result) =>
        {
            if (method == "eth_getBlockByNumber" && result is JsonObject o)
            {
                o[field] = value;
            }
            return result;
        };
        using var rpc = new EthRpcClient(_node.Http, Fast);
        var ex = await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetHeaderAsync(0x2d, default));
        Assert.Contains("45", ex.Message);
        Assert.Equal(1, _node.Requests);
    }

    [Fact]
    public async Task A_block_for_another_number_or_hash_is_refused()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        var cancun = Hash32.Parse(RpcFixture.Load("eth_getBlockByNumber", "get-block-cancun-fork.io").Result.GetProperty("hash").GetString()!);
        Assert.Equal(cancun, (await rpc.GetHeaderByHashAsync(cancun, default))!.Hash);
        _node.Tamper = (method, result) => method == "eth_getBlockByHash"
            ? JsonNode.Parse(RpcFixture.Load("eth_getBlockByNumber", "get-block-prague-fork.io").Result.GetRawText())
            : result;
        // A well-formed block that hashes correctly, but not the one asked for.
        var ex = await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetHeaderByHashAsync(cancun, default));
        Assert.Contains("asked for block", ex.Message);
        _node.Tamper = null;
        await Assert.ThrowsAsync<RpcDataException>(async () =>
        {
            _node.Tamper = (method, result) => method == "eth_getBlockByNumber"
                ? JsonNode.Parse(RpcFixture.Load("eth_getBlockByNumber", "get-block-prague-fork.io").Result.GetRawText())
                : result;
            await rpc.GetHeaderAsync(0x2a, default);
        });
    }

    [Fact]
    public async Task Full_blocks_are_verified_against_their_header()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        var block = (await rpc.GetBlockAsync("latest", default))!;
        Assert.Equal(Blocks[^1].Header.Hash, block.Header.Hash);
        Assert.Equal(Blocks[^1].Transactions.Select(t => t.Hash), block.Transactions.Select(t => t.Hash));
        Assert.All(block.Transactions, t => Assert.Equal(t.From, t.RecoverSender()));
        Assert.NotNull(await rpc.GetBlockAsync(0, default));

        _node.Tamper = (method, result) =>
        {
            if (method == "eth_getBlockByNumber" && result?["transactions"] is JsonArray { Count: > 0 } txs)
            {
                txs[0]!["value"] = "0x12345";
            }
            return result;
        };
        var ex = await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetBlockAsync("latest", default));
        Assert.Contains("transactions hash to root", ex.Message);
        _node.Tamper = (method, result) =>
        {
            if (method == "eth_getBlockByNumber" && result?["transactions"] is JsonArray { Count: > 0 } txs)
            {
                txs.RemoveAt(0);
            }
            return result;
        };
        await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetBlockAsync("latest", default));
    }

    [Fact]
    public async Task Altered_receipts_are_refused()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        var latest = Blocks[^1].Header;
        _node.Tamper = (method, result) =>
        {
            if (method == "eth_getBlockReceipts" && result is JsonArray a)
            {
                a[1]!["logs"]![0]!["data"] = "0x0000000000000000000000000000000000000000000000000000000000000009";
            }
            return result;
        };
        var ex = await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetReceiptsAsync(latest, default));
        Assert.Contains("receipts root", ex.Message.Replace("root", "receipts root"));
        _node.Tamper = (method, result) => method == "eth_getBlockReceipts" && result is JsonArray a ? new JsonArray(a[0]!.DeepClone()) : result;
        await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetReceiptsAsync(latest, default));
        _node.Tamper = (method, result) => method == "eth_getBlockReceipts" ? null : result;
        await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetReceiptsAsync(latest, default));
    }

    [Fact]
    public async Task Transient_500s_and_timeouts_are_retried_into_success()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        _node.FailNext(HttpStatusCode.InternalServerError);
        _node.FailNext(HttpStatusCode.BadGateway);
        Assert.NotNull(await rpc.GetHeaderAsync(0x2d, default));
        Assert.Equal(3, _node.Requests);

        var impatient = Fast;
        impatient.AttemptTimeout = TimeSpan.FromSeconds(1);
        using var rpc2 = new EthRpcClient(_node.Http, impatient);
        _node.DelayNext(TimeSpan.FromSeconds(4));
        Assert.NotNull(await rpc2.GetHeaderAsync("latest", default));
        Assert.Equal(5, _node.Requests);
    }

    [Fact]
    public async Task Batches_fetch_verified_headers_and_receipts_in_one_request()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        var headers = await rpc.GetHeadersAsync(40, 30, default);
        Assert.Equal(Blocks[^1].Header.Number - 40 + 1, (ulong)headers.Count);
        Assert.Equal(Enumerable.Range(40, headers.Count).Select(n => Header((ulong)n).Hash), headers.Select(h => h.Hash));
        Assert.Equal(1, _node.Requests);

        var sets = await rpc.GetReceiptsAsync([Header(1), Blocks[^1].Header], default);
        Assert.Equal(2, sets.Count);
        Assert.Equal(Header(1).ReceiptsRoot, Receipt.ComputeRoot(sets[0]));
        Assert.Equal(2, _node.Requests);

        _node.Tamper = (method, result) =>
        {
            if (method == "eth_getBlockByNumber" && result is JsonObject o && o["number"]!.GetValue<string>() == "0x30")
            {
                o["gasLimit"] = "0x1";
            }
            return result;
        };
        await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetHeadersAsync(40, 10, default));
    }

    [Fact]
    public void Ethereum_values_serialize_as_hex_even_inside_plain_objects()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(
            new { to = Address.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), gas = 21000UL, value = System.Numerics.BigInteger.Pow(10, 18), data = new byte[] { 1, 2 }, h = Hash32.Zero },
            EthJson.Options);
        Assert.Equal("{\"to\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"gas\":\"0x5208\",\"value\":\"0xde0b6b3a7640000\",\"data\":\"0x0102\",\"h\":\"0x" + new string('0', 64) + "\"}", json);
        Assert.Equal(21000UL, System.Text.Json.JsonSerializer.Deserialize<ulong>("\"0x5208\"", EthJson.Options));
        Assert.ThrowsAny<Exception>(() => System.Text.Json.JsonSerializer.Deserialize<Hash32>("\"0x12\"", EthJson.Options));
    }

    [Fact]
    public async Task Json_rpc_errors_surface_with_code_and_are_not_retried()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        var ex = await Assert.ThrowsAsync<RpcException>(() => rpc.CallAsync("debug_getRawHeader", ["2"], default));
        Assert.Equal(-32602, ex.Code);
        Assert.Contains("hex string without 0x prefix", ex.Message);
        Assert.Equal(1, _node.Requests);
    }

    [Fact]
    public async Task Persistent_outage_opens_the_circuit()
    {
        var o = Fast;
        o.MaxRetries = 0;
        o.BreakerMinimumThroughput = 2;
        o.BreakerBreakDuration = TimeSpan.FromSeconds(30);
        using var rpc = new EthRpcClient(_node.Http, o);
        for (var i = 0; i < 5; i++)
        {
            _node.FailNext(HttpStatusCode.ServiceUnavailable);
        }
        await Assert.ThrowsAsync<RpcTransportException>(() => rpc.BlockNumberAsync(default));
        await Assert.ThrowsAsync<RpcTransportException>(() => rpc.BlockNumberAsync(default));
        var open = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.BlockNumberAsync(default));
        Assert.IsType<BrokenCircuitException>(open.InnerException);
        Assert.Equal(2, _node.Requests);
    }

    [Fact]
    public async Task A_node_that_never_answers_times_out_into_a_transport_error()
    {
        var o = Fast;
        o.MaxRetries = 1;
        o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        using var rpc = new EthRpcClient(_node.Http, o);
        _node.DelayNext(TimeSpan.FromSeconds(3));
        _node.DelayNext(TimeSpan.FromSeconds(3));
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.ChainIdAsync(default));
        Assert.Contains("no answer", ex.Message);
        Assert.Equal(2, _node.Requests);
    }

    [Fact]
    public void Bad_options_give_a_one_line_error()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        Assert.Throws<ArgumentException>(() => rpc.GetHeaderAsync("pending", default).GetAwaiter().GetResult());
        Assert.Throws<ArgumentException>(() => rpc.GetHeaderAsync("newest", default).GetAwaiter().GetResult());
        var ex = Assert.Throws<ArgumentException>(() => new EthRpcClient(_node.Http, new RpcOptions { BreakerMinimumThroughput = 1 }));
        Assert.Contains("BreakerMinimumThroughput", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Unreachable_node_fails_with_a_transport_error()
    {
        var o = Fast;
        o.MaxRetries = 1;
        using var rpc = new EthRpcClient(new Uri("http://127.0.0.1:1/"), o);
        var ex = await Assert.ThrowsAsync<RpcTransportException>(() => rpc.ChainIdAsync(default));
        Assert.Contains("unreachable", ex.Message);
    }

    [Fact]
    public async Task Proofs_from_the_node_verify_and_tampered_ones_do_not()
    {
        using var rpc = new EthRpcClient(_node.Http, Fast);
        var account = Address.Parse("0x7dcd17433742f4c0ca53122ab541d0ba67fc27df");
        var head = Blocks[^1].Header;
        var proof = await rpc.GetVerifiedProofAsync(account, [], head, default);
        Assert.Equal(0x76, (int)proof.Balance);
        var withStorage = Wsc.Chain.Trie.AccountProof.FromJson(await rpc.CallAsync("eth_getProof", [account, SlotZero, "latest"], default));
        withStorage.Verify(head.StateRoot);
        Assert.Equal(0x38, (int)withStorage.StorageProofs[0].Value);

        _node.Tamper = (method, result) =>
        {
            result!["balance"] = "0x77";
            return result;
        };
        var ex = await Assert.ThrowsAsync<RpcDataException>(() => rpc.GetVerifiedProofAsync(account, [], head, default));
        Assert.Contains("balance", ex.Message);
    }

    [Fact]
    public async Task New_heads_yield_verified_headers_then_end_when_the_socket_closes()
    {
        foreach (var file in new[] { "get-block-cancun-fork.io", "get-block-prague-fork.io", "get-latest.io" })
        {
            _node.HeadsToPush.Add(JsonNode.Parse(RpcFixture.Load("eth_getBlockByNumber", file).Result.GetRawText())!);
        }
        await using var sub = await NewHeadsSubscription.ConnectAsync(_node.Ws, default);
        var got = new List<BlockHeader>();
        await foreach (var h in sub.ReadAllAsync())
        {
            got.Add(h);
        }
        Assert.Equal(3, got.Count);
        Assert.Equal(Blocks[^1].Header.Hash, got[^1].Hash);
    }

    [Fact]
    public async Task A_forged_new_head_ends_the_subscription_with_an_error()
    {
        var forged = JsonNode.Parse(RpcFixture.Load("eth_getBlockByNumber", "get-block-prague-fork.io").Result.GetRawText())!;
        forged["gasUsed"] = "0x1";
        _node.HeadsToPush.Add(forged);
        await using var sub = await NewHeadsSubscription.ConnectAsync(_node.Ws, default);
        await Assert.ThrowsAsync<RpcDataException>(async () =>
        {
            await foreach (var _ in sub.ReadAllAsync())
            {
            }
        });
    }
}

/// <summary>Response bodies are read into pooled buffers: sizes unknown up front and larger than the first buffer.</summary>
public sealed class ResponseBodyTests
{
    private sealed class StreamingHandler(Func<string, string> answer, long? announce = null) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = System.Text.Encoding.UTF8.GetBytes(answer(await request.Content!.ReadAsStringAsync(cancellationToken)));
            // A stream content without Content-Length, as a chunked response arrives (or with a length the node claims).
            var content = new StreamContent(new MemoryStream(body), 1000);
            content.Headers.ContentLength = announce;
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
        }
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_in_one_line_announced_or_not()
    {
        var big = new string('a', 300_000);
        using var streamed = new StreamingHandler(_ => "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + big + "\"}");
        using var rpc = new EthRpcClient(new Uri("http://127.0.0.1:1"), new RpcOptions { MaxRetries = 0, MaxResponseBytes = 64 * 1024 }, streamed);
        var ex = await Assert.ThrowsAsync<RpcDataException>(() => rpc.CallAsync("x_echo", [], default));
        Assert.Contains("longer than the 65536-byte limit", ex.Message);

        // A node announcing 1.9 GB is refused before anything is allocated for it.
        using var liar = new StreamingHandler(_ => "{}", announce: 1_900_000_000);
        using var rpc2 = new EthRpcClient(new Uri("http://127.0.0.1:1"), new RpcOptions { MaxRetries = 0 }, liar);
        var ex2 = await Assert.ThrowsAsync<RpcDataException>(() => rpc2.CallAsync("x_echo", [], default));
        Assert.Contains("1900000000 bytes exceeds", ex2.Message);
        Assert.DoesNotContain('\n', ex2.Message);
        Assert.Throws<ArgumentException>(() => new RpcOptions { MaxResponseBytes = 10 }.Validate());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(16 * 1024)]
    [InlineData(300_000)]
    public async Task Bodies_of_any_size_without_a_length_arrive_whole(int size)
    {
        var text = new string('a', size);
        using var handler = new StreamingHandler(req =>
        {
            var id = System.Text.Json.JsonDocument.Parse(req).RootElement.GetProperty("id").GetInt64();
            return $$"""{"jsonrpc":"2.0","id":{{id}},"result":"{{text}}"}""";
        });
        using var rpc = new EthRpcClient(new Uri("http://127.0.0.1:1"), new RpcOptions { MaxRetries = 0 }, handler);
        for (var i = 0; i < 3; i++)
        {
            // Repeated calls reuse pooled buffers: a stale byte from an earlier, longer body must never show.
            Assert.Equal(text, (await rpc.CallAsync("x_echo", [], default)).GetString());
        }
    }
}
