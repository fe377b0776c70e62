using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Harness;

/// <summary>How the proxy lies (fault injection: the only fake in these tests).</summary>
public enum Lie
{
    None,

    /// <summary>Changes a header field (gasUsed) but keeps the node's hash.</summary>
    HeaderField,

    /// <summary>Changes the claimed block hash.</summary>
    BlockHash,

    /// <summary>Changes the data of a log in block receipts.</summary>
    Receipt,

    /// <summary>Answers every request with HTTP 503.</summary>
    Unavailable,
}

/// <summary>A JSON-RPC proxy in front of a real node that can be told to lie about headers, hashes or receipts.</summary>
public sealed class LyingRpcProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new();
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stop = new();
    private int _lies;

    public LyingRpcProxy(Uri upstream)
    {
        _upstream = upstream;
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>The current lie; <see cref="Lie.None"/> forwards faithfully.</summary>
    public volatile Lie Mode = Lie.None;

    /// <summary>How many responses were altered.</summary>
    public int LiesTold => Volatile.Read(ref _lies);

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
            if (Mode == Lie.Unavailable)
            {
                ctx.Response.StatusCode = 503;
                ctx.Response.Close();
                return;
            }
            string body;
            using (var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }
            using var upstream = await _http.PostAsync(_upstream, new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await upstream.Content.ReadAsStringAsync();
            text = Tamper(body, text);
            var bytes = Encoding.UTF8.GetBytes(text);
            ctx.Response.StatusCode = (int)upstream.StatusCode;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception)
        {
            try
            {
                ctx.Response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private string Tamper(string request, string response)
    {
        var mode = Mode;
        if (mode == Lie.None)
        {
            return response;
        }
        var req = JsonNode.Parse(request);
        var doc = JsonNode.Parse(response);
        var changed = false;
        if (req is JsonArray calls && doc is JsonArray answers)
        {
            // A JSON-RPC batch: lie in each answer according to the method its id asked for.
            var methods = calls.OfType<JsonObject>().ToDictionary(c => c["id"]!.ToJsonString(), c => c["method"]?.GetValue<string>());
            foreach (var answer in answers.OfType<JsonObject>())
            {
                changed |= TamperResult(mode, methods.GetValueOrDefault(answer["id"]?.ToJsonString() ?? ""), answer["result"]);
            }
        }
        else
        {
            changed = TamperResult(mode, req?["method"]?.GetValue<string>(), doc?["result"]);
        }
        if (!changed)
        {
            return response;
        }
        Interlocked.Increment(ref _lies);
        return doc!.ToJsonString();
    }

    private static bool TamperResult(Lie mode, string? method, JsonNode? result)
    {
        if (result is null)
        {
            return false;
        }
        if (method is "eth_getBlockByNumber" or "eth_getBlockByHash" && result is JsonObject block)
        {
            if (mode == Lie.HeaderField)
            {
                block["gasUsed"] = "0x" + (Convert.ToUInt64(block["gasUsed"]!.GetValue<string>()[2..], 16) + 1).ToString("x");
                return true;
            }
            if (mode == Lie.BlockHash)
            {
                var h = block["hash"]!.GetValue<string>();
                block["hash"] = h[..^1] + (h[^1] == '0' ? '1' : '0');
                return true;
            }
        }
        else if (method == "eth_getBlockReceipts" && mode == Lie.Receipt && result is JsonArray receipts)
        {
            foreach (var r in receipts)
            {
                if (r?["logs"] is JsonArray { Count: > 0 } logs && logs[0] is JsonObject log)
                {
                    log["data"] = "0x" + new string('f', 64);
                    return true;
                }
                if (r is JsonObject ro)
                {
                    ro["cumulativeGasUsed"] = "0x1";
                    return true;
                }
            }
        }
        return false;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _http.Dispose();
        _stop.Dispose();
    }
}
