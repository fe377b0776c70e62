using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wsc.Chain.Tests.Fixtures;

/// <summary>
/// A local HTTP/WebSocket JSON-RPC server answering from the execution-apis fixtures, with fault injection:
/// HTTP errors, slow answers and a hook that rewrites results (a lying node).
/// </summary>
public sealed class FakeNode : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, JsonNode?> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Func<HttpListenerResponse, Task<bool>>> _faults = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public FakeNode()
    {
        foreach (var dir in Directory.GetDirectories(RpcFixture.Dir()))
        {
            foreach (var f in RpcFixture.All(Path.GetFileName(dir)))
            {
                var node = JsonNode.Parse(f.Response.GetRawText())!;
                Add(f.Method, f.Request.GetProperty("params").GetRawText(), node);
                // Index blocks and receipts by hash too, as the client asks for them that way.
                if (f.Method == "eth_getBlockByNumber" && f.HasResult)
                {
                    Add("eth_getBlockByHash", $"[\"{f.Result.GetProperty("hash").GetString()}\",false]", node);
                }
                if (f.Method == "eth_getProof" && f.Request.GetProperty("params").GetArrayLength() == 3 && f.Request.GetProperty("params")[2].GetString() == "latest")
                {
                    // The fixture chain's head is block 0x36: let proofs be asked for by number too.
                    Add(f.Method, f.Request.GetProperty("params").GetRawText().Replace("\"latest\"", "\"0x36\""), node);
                }
                if (f.Method == "eth_getBlockReceipts" && f.HasResult && f.Result.GetArrayLength() > 0)
                {
                    Add("eth_getBlockReceipts", $"[\"{f.Result[0].GetProperty("blockHash").GetString()}\"]", node);
                }
            }
        }
        // Every other block of the fixture chain, rendered from chain.rlp the way a node would.
        foreach (var b in RpcFixture.ChainBlocks())
        {
            Add("eth_getBlockByNumber", $"[\"{Hex.Quantity(b.Header.Number)}\"]", new JsonObject { ["jsonrpc"] = "2.0", ["result"] = HeaderJson(b.Header) });
        }
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Http => new($"http://127.0.0.1:{Port}/");

    public Uri Ws => new($"ws://127.0.0.1:{Port}/");

    /// <summary>HTTP requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Rewrites a result before it is sent: (method, result) → result.</summary>
    public Func<string, JsonNode?, JsonNode?>? Tamper { get; set; }

    /// <summary>Headers pushed to each newHeads subscriber (then the socket closes).</summary>
    public List<JsonNode> HeadsToPush { get; } = [];

    /// <summary>When set, batches are answered with one error object, as providers that disable batches do.</summary>
    public bool RefuseBatches { get; set; }

    /// <summary>The next request gets this HTTP status with an empty body.</summary>
    public void FailNext(HttpStatusCode status) => _faults.Enqueue(async resp =>
    {
        resp.StatusCode = (int)status;
        resp.Close();
        await Task.CompletedTask;
        return true;
    });

    /// <summary>The next request is answered only after <paramref name="delay"/>.</summary>
    public void DelayNext(TimeSpan delay) => _faults.Enqueue(async _ =>
    {
        await Task.Delay(delay);
        return false;
    });

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }

    private static string Key(string method, string rawParams)
    {
        var p = JsonNode.Parse(rawParams)!.AsArray();
        // Header reads ignore the full-transactions flag: the header fields are the same either way.
        if (method.StartsWith("eth_getBlockBy", StringComparison.Ordinal) && p.Count == 2)
        {
            p.RemoveAt(1);
        }
        return method + p.ToJsonString();
    }

    private void Add(string method, string rawParams, JsonNode response) => _answers.TryAdd(Key(method, rawParams), response);

    /// <summary>A header as the JSON-RPC block object (without transactions).</summary>
    public static JsonObject HeaderJson(Wsc.Chain.Types.BlockHeader h)
    {
        var o = new JsonObject
        {
            ["hash"] = h.Hash.ToString(),
            ["parentHash"] = h.ParentHash.ToString(),
            ["sha3Uncles"] = h.UnclesHash.ToString(),
            ["miner"] = h.Coinbase.ToString(),
            ["stateRoot"] = h.StateRoot.ToString(),
            ["transactionsRoot"] = h.TransactionsRoot.ToString(),
            ["receiptsRoot"] = h.ReceiptsRoot.ToString(),
            ["logsBloom"] = h.LogsBloom.ToString(),
            ["difficulty"] = Hex.Quantity(h.Difficulty),
            ["number"] = Hex.Quantity(h.Number),
            ["gasLimit"] = Hex.Quantity(h.GasLimit),
            ["gasUsed"] = Hex.Quantity(h.GasUsed),
            ["timestamp"] = Hex.Quantity(h.Timestamp),
            ["extraData"] = Hex.Encode(h.ExtraData),
            ["mixHash"] = h.MixHash.ToString(),
            ["nonce"] = "0x" + h.Nonce.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
            ["transactions"] = new JsonArray(),
        };
        if (h.BaseFeePerGas is { } fee)
        {
            o["baseFeePerGas"] = Hex.Quantity(fee);
        }
        if (h.WithdrawalsRoot is { } w)
        {
            o["withdrawalsRoot"] = w.ToString();
        }
        if (h.BlobGasUsed is { } bg)
        {
            o["blobGasUsed"] = Hex.Quantity(bg);
        }
        if (h.ExcessBlobGas is { } eb)
        {
            o["excessBlobGas"] = Hex.Quantity(eb);
        }
        if (h.ParentBeaconBlockRoot is { } pb)
        {
            o["parentBeaconBlockRoot"] = pb.ToString();
        }
        if (h.RequestsHash is { } rh)
        {
            o["requestsHash"] = rh.ToString();
        }
        return o;
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        try
        {
            if (ctx.Request.IsWebSocketRequest)
            {
                await ServeWebSocketAsync(ctx);
                return;
            }
            Interlocked.Increment(ref _requests);
            if (_faults.TryDequeue(out var fault) && await fault(ctx.Response))
            {
                return;
            }
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var request = JsonNode.Parse(body)!;
            var reply = request is JsonArray batch
                ? RefuseBatches
                    ? "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"batch requests are disabled\"}}"
                    : new JsonArray(batch.Select(r => JsonNode.Parse(Answer(r!))).ToArray()).ToJsonString()
                : Answer(request);
            var bytes = Encoding.UTF8.GetBytes(reply);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or WebSocketException)
        {
            // The client went away (e.g. its attempt timed out); nothing to answer.
        }

    }

    private string Answer(JsonNode request)
    {
        var method = request["method"]!.GetValue<string>();
        var id = request["id"]!.DeepClone();
        JsonNode response;
        if (method == "eth_chainId")
        {
            response = new JsonObject { ["jsonrpc"] = "2.0", ["result"] = "0xc72dd9d5e883e" };
        }
        else if (_answers.TryGetValue(Key(method, request["params"]!.ToJsonString()), out var known))
        {
            response = known!.DeepClone();
        }
        else if (method.StartsWith("eth_getBlockBy", StringComparison.Ordinal))
        {
            // Real nodes answer null for blocks they do not have.
            response = new JsonObject { ["jsonrpc"] = "2.0", ["result"] = null };
        }
        else
        {
            response = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["error"] = new JsonObject { ["code"] = -32601, ["message"] = $"fake node has no answer for {method} {request["params"]!.ToJsonString()}" },
            };
        }
        response["id"] = id;
        if (Tamper is { } t && response.AsObject().ContainsKey("result"))
        {
            response["result"] = t(method, response["result"]?.DeepClone());
        }
        return response.ToJsonString();
    }

    private async Task ServeWebSocketAsync(HttpListenerContext ctx)
    {
        var wsCtx = await ctx.AcceptWebSocketAsync(null);
        using var ws = wsCtx.WebSocket;
        var buf = new byte[64 * 1024];
        var r = await ws.ReceiveAsync(buf, _stop.Token);
        var req = JsonNode.Parse(Encoding.UTF8.GetString(buf, 0, r.Count))!;
        const string sub = "0x9cef478923ff08bf67fde6c64013158d";
        await SendAsync(ws, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = req["id"]!.DeepClone(), ["result"] = sub });
        foreach (var head in HeadsToPush)
        {
            await SendAsync(ws, new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["method"] = "eth_subscription",
                ["params"] = new JsonObject { ["subscription"] = sub, ["result"] = head.DeepClone() },
            });
        }
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", _stop.Token);
    }

    private Task SendAsync(WebSocket ws, JsonNode msg) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(msg.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
}
