using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Silo.Hosting;
using Wsc.TestKit;

namespace Wsc.Bench;

/// <summary>
/// `catchup`: follows a local anvil holding N blocks (every block with an event-emitting transaction) from
/// genesis, against the raw rate of fetching the same headers and receipts without verification; then live
/// tick latency (header seen to tick recorded) over blocks mined one by one.
/// </summary>
public sealed class CatchUpBench : IBenchmark
{
    public string Name => "catchup";

    public string Description => "chain follower catch-up rate vs raw fetch, and live tick latency (--blocks N --live M)";

    public async Task<int> RunAsync(string[] args)
    {
        var blocks = IntArg(args, "--blocks", 10_000);
        var live = IntArg(args, "--live", 200);
        var prefetch = IntArg(args, "--prefetch", 16);
        var persistEvery = IntArg(args, "--persist-every", 1);
        var tickConcurrency = IntArg(args, "--tick-concurrency", 8);
        using var anvil = new AnvilNode(extraArgs: ["--no-request-size-limit"]);
        await FillAsync(anvil, blocks);
        var head = Quantity(await anvil.CallAsync("eth_blockNumber"));

        var raw = await RawFetchAsync(anvil.Rpc, head, prefetch);

        var http = FreePort.Next();
        var app = SiloHost.Build([
            $"--Http:Port={http}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            $"--Ethereum:Rpc={anvil.Rpc}", "--Devnet:Enabled=false", "--Ethereum:PollIntervalMs=20",
            $"--Ethereum:Prefetch={prefetch}", $"--Ethereum:PersistEvery={persistEvery}", $"--Ethereum:TickConcurrency={tickConcurrency}", "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var chain = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IChainGrain>("eth-31337");
        while ((await chain.GetStatusAsync()).Head is not { } h || h.Number < head)
        {
            await Task.Delay(20);
        }
        // From the first header seen to the last tick recorded, by the silo's own clock.
        var first = (await chain.GetTicksAsync(0, 0))[0];
        var last = (await chain.GetTicksAsync(head, head))[0];
        var followSeconds = (last.RecordedUtc - first.SeenUtc).TotalSeconds;

        // Live: one block at a time, as the clock ticks in production.
        var latencies = new List<double>();
        for (var i = 0; i < live; i++)
        {
            await anvil.CallAsync("eth_sendTransaction", new { from = Account0, to = _emitter });
            var n = Quantity(await anvil.CallAsync("eth_blockNumber"));
            TickRecord? rec = null;
            while (rec is null)
            {
                await Task.Delay(5);
                rec = (await chain.GetTicksAsync(n, n)).FirstOrDefault(t => t.Status != TickState.Orphaned);
            }
            latencies.Add((rec.RecordedUtc - rec.SeenUtc).TotalMilliseconds);
        }
        await app.StopAsync();
        await app.DisposeAsync();
        latencies.Sort();

        var followRate = (head + 1) / followSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "catchup",
            blocks = head + 1,
            logs = _logs,
            prefetch,
            persistEvery,
            tickConcurrency,
            rawFetchBlocksPerSec = Math.Round(raw, 1),
            followBlocksPerSec = Math.Round(followRate, 1),
            ratio = Math.Round(followRate / raw, 3),
            liveTicks = latencies.Count,
            tickLatencyP50Ms = Math.Round(Percentile(latencies, 0.50), 2),
            tickLatencyP99Ms = Math.Round(Percentile(latencies, 0.99), 2),
            tickLatencyMaxMs = Math.Round(latencies.LastOrDefault(), 2),
        }));
        return 0;
    }

    private const string Account0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    private static string? _emitter;
    private static int _logs;

    /// <summary>Deploys a one-log contract and fills the chain: every block carries a call that emits an event.</summary>
    private static async Task FillAsync(AnvilNode anvil, int blocks)
    {
        var tx = await anvil.CallAsync("eth_sendTransaction", new { from = Account0, data = "0x67602a60006000a10060005260086018f3" });
        _emitter = (await anvil.CallAsync("eth_getTransactionReceipt", tx.GetString())).GetProperty("contractAddress").GetString();
        using var http = new HttpClient();
        const int Batch = 200;
        // Half the blocks' worth of event transactions (anvil packs a batch into few blocks), then empty blocks up to N.
        for (var sent = 1; sent < blocks / 2;)
        {
            var n = Math.Min(Batch, blocks / 2 - sent);
            var batch = Enumerable.Range(0, n).Select(i => new
            {
                jsonrpc = "2.0", id = i, method = "eth_sendTransaction", @params = new object[] { new { from = Account0, to = _emitter } },
            });
            using var resp = await http.PostAsJsonAsync(anvil.Rpc, batch);
            resp.EnsureSuccessStatusCode();
            sent += n;
            _logs += n;
        }
        var head = Quantity(await anvil.CallAsync("eth_blockNumber"));
        if (head + 1 < (ulong)blocks)
        {
            await anvil.CallAsync("anvil_mine", "0x" + ((ulong)blocks - head - 1).ToString("x", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Fetches every header and its receipts with the same concurrency, parsing JSON but verifying nothing.</summary>
    private static async Task<double> RawFetchAsync(Uri rpc, ulong head, int concurrency)
    {
        using var http = new HttpClient();
        var sw = Stopwatch.StartNew();
        var next = -1L;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            long n;
            while ((n = Interlocked.Increment(ref next)) <= (long)head)
            {
                var q = "0x" + n.ToString("x", CultureInfo.InvariantCulture);
                await CallAsync(http, rpc, "eth_getBlockByNumber", q, false);
                await CallAsync(http, rpc, "eth_getBlockReceipts", q);
            }
        });
        await Task.WhenAll(workers);
        return (head + 1) / sw.Elapsed.TotalSeconds;
    }

    private static async Task<JsonElement> CallAsync(HttpClient http, Uri rpc, string method, params object[] args)
    {
        using var resp = await http.PostAsJsonAsync(rpc, new { jsonrpc = "2.0", id = 1, method, @params = args });
        using var doc = await JsonDocument.ParseAsync(await resp.Content.ReadAsStreamAsync());
        return doc.RootElement.GetProperty("result").Clone();
    }

    private static ulong Quantity(JsonElement e) => ulong.Parse(e.GetString().AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    internal static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
