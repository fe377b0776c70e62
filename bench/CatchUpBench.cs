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
        var prefetch = IntArg(args, "--prefetch", 256);
        var batch = IntArg(args, "--batch", 32);
        // The same number of blocks in flight for every fetch: the follower's prefetch, in batches of --batch.
        var batches = Math.Max(1, (prefetch + batch - 1) / batch);
        var persistEvery = IntArg(args, "--persist-every", 1);
        var tickConcurrency = IntArg(args, "--tick-concurrency", 8);
        using var anvil = new AnvilNode(extraArgs: ["--no-request-size-limit", "--prune-history"]);
        await FillAsync(anvil, blocks);
        var head = Quantity(await anvil.CallAsync("eth_blockNumber"));

        var parse = await ParseCostAsync(anvil.Rpc, Math.Min(head - 64, 1000), batch);
        // Every path runs once untimed first (the JIT's tiering otherwise charges start-up to whichever path runs
        // first): the figures are steady-state rates, as in a long catch-up. --cold measures first runs instead.
        // Then --rounds rounds of each measurement, interleaved, best of each: on a shared two-core machine a
        // single run swings by a factor of two either way.
        var warm = !args.Contains("--cold");
        var rounds = IntArg(args, "--rounds", 3);
        var cpu = new Cpu(anvil);
        if (warm)
        {
            await RawFetchAsync(anvil.Rpc, head, 16);
            await RawBatchedFetchAsync(anvil.Rpc, head, batches, batch);
            await VerifiedBatchedFetchAsync(anvil.Rpc, head, batches, batch);
            var (_, _, _, warmApp, _) = await FollowAsync();
            await warmApp.StopAsync();
            await warmApp.DisposeAsync();
        }
        var runs = new List<(double Single, object SingleCpu, double Raw, object RawCpu, double Verified, object VerifiedCpu, double Follow, double History, double TailMs, object FollowCpu)>();
        Microsoft.AspNetCore.Builder.WebApplication? app = null;
        IChainGrain? chain = null;
        for (var round = 0; round < rounds; round++)
        {
            cpu.PerBlock(head + 1);
            // Reference: one request per header and per receipt set, 16 at a time (how the follower fetched before batching).
            var single = await RawFetchAsync(anvil.Rpc, head, 16);
            var singleCpu = cpu.PerBlock(head + 1);
            // The raw rate the follower is held to: the same batches, parsed as JSON, nothing verified.
            var raw = await RawBatchedFetchAsync(anvil.Rpc, head, batches, batch);
            var rawCpu = cpu.PerBlock(head + 1);
            // The Chain client's verified batch fetch alone (no cluster).
            var verified = await VerifiedBatchedFetchAsync(anvil.Rpc, head, batches, batch);
            var verifiedCpu = cpu.PerBlock(head + 1);
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
            var (followSeconds, historyRate, tailMs, silo, follower) = await FollowAsync();
            (app, chain) = (silo, follower);
            runs.Add((single, singleCpu, raw, rawCpu, verified, verifiedCpu, (head + 1) / followSeconds, historyRate, tailMs, cpu.PerBlock(head + 1)));
        }

        // A fresh development silo (its own in-memory state) following the chain from genesis to the head.
        async Task<(double Seconds, double HistoryRate, double TailMs, Microsoft.AspNetCore.Builder.WebApplication App, IChainGrain Chain)> FollowAsync()
        {
            var silo = SiloHost.Build([
                $"--Http:Port={FreePort.Next()}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
                $"--Ethereum:Rpc={anvil.Rpc}", "--Devnet:Enabled=false", "--Ethereum:PollIntervalMs=20",
                $"--Ethereum:Prefetch={prefetch}", $"--Ethereum:FetchBatch={batch}", $"--Ethereum:PersistEvery={persistEvery}",
                $"--Ethereum:TickConcurrency={tickConcurrency}", "--Logging:LogLevel:Default=Warning",
            ]);
            await silo.StartAsync();
            // The follower starts with the silo; silo start-up CPU (~a second) is not the follower's.
            cpu.PerBlock(head + 1);
            var follower = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IChainGrain>("eth-31337");
            while ((await follower.GetStatusAsync()).Head is not { } h || h.Number < head)
            {
                await Task.Delay(20);
            }
            // From the first header seen to the last tick recorded, by the silo's own clock; and the split between
            // history (up to the node's finalized block, recorded in bulk) and the rest.
            var first = (await follower.GetTicksAsync(0, 0))[0];
            var last = (await follower.GetTicksAsync(head, head))[0];
            var fin = (await follower.GetStatusAsync()).Finalized ?? 0;
            var finTick = (await follower.GetTicksAsync(fin, fin))[0];
            return ((last.RecordedUtc - first.SeenUtc).TotalSeconds, fin / (finTick.RecordedUtc - first.SeenUtc).TotalSeconds,
                (last.RecordedUtc - finTick.RecordedUtc).TotalMilliseconds, silo, follower);
        }

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
                rec = (await chain!.GetTicksAsync(n, n)).FirstOrDefault(t => t.Status != TickState.Orphaned);
            }
            latencies.Add((rec.RecordedUtc - rec.SeenUtc).TotalMilliseconds);
        }
        await app!.StopAsync();
        await app.DisposeAsync();
        latencies.Sort();

        var best = (Single: runs.Max(r => r.Single), Raw: runs.Max(r => r.Raw), Verified: runs.Max(r => r.Verified), Follow: runs.Max(r => r.Follow));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "catchup",
            blocks = head + 1,
            logs = _logs,
            warm,
            rounds,
            prefetch,
            batch,
            persistEvery,
            tickConcurrency,
            // Best of the rounds for each.
            rawFetchBlocksPerSec = Math.Round(best.Raw, 1),
            rawSingleRequestsBlocksPerSec = Math.Round(best.Single, 1),
            verifiedFetchBlocksPerSec = Math.Round(best.Verified, 1),
            followBlocksPerSec = Math.Round(best.Follow, 1),
            // Against the faster of the two raw fetches.
            ratio = Math.Round(best.Follow / Math.Max(best.Raw, best.Single), 3),
            perRound = runs.Select(r => new
            {
                raw = Math.Round(r.Raw), single = Math.Round(r.Single), verified = Math.Round(r.Verified), follow = Math.Round(r.Follow),
                ratio = Math.Round(r.Follow / Math.Max(r.Raw, r.Single), 3),
                historyBlocksPerSec = Math.Round(r.History), tailMs = Math.Round(r.TailMs, 1),
                // CPU microseconds per block (node, client) in each phase: on two cores the node and the client compete.
                cpuUsPerBlock = new { rawSingleRequests = r.SingleCpu, raw = r.RawCpu, verified = r.VerifiedCpu, follow = r.FollowCpu },
            }),
            // Client CPU per block for the response bytes alone, on one core: JSON DOM (what the raw fetch does) vs the verifying reader.
            parseUsPerBlock = parse,
            liveTicks = latencies.Count,
            tickLatencyP50Ms = Math.Round(Percentile(latencies, 0.50), 2),
            tickLatencyP99Ms = Math.Round(Percentile(latencies, 0.99), 2),
            tickLatencyMaxMs = Math.Round(latencies.LastOrDefault(), 2),
        }));
        return 0;
    }

    /// <summary>CPU used by anvil and by this process since the last reading, per block.</summary>
    private sealed class Cpu(AnvilNode anvil)
    {
        private TimeSpan _node = anvil.CpuTime;
        private TimeSpan _self = Process.GetCurrentProcess().TotalProcessorTime;

        public object PerBlock(ulong blocks)
        {
            var node = anvil.CpuTime;
            var self = Process.GetCurrentProcess().TotalProcessorTime;
            var result = new
            {
                node = Math.Round((node - _node).TotalMicroseconds / blocks, 1),
                client = Math.Round((self - _self).TotalMicroseconds / blocks, 1),
            };
            (_node, _self) = (node, self);
            return result;
        }
    }

    private const string Account0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    private static string? _emitter;
    private static int _logs;

    /// <summary>Deploys a one-log contract and fills the chain: every block carries a call that emits an event.</summary>
    private static async Task FillAsync(AnvilNode anvil, int blocks)
    {
        var tx = await anvil.CallAsync("eth_sendTransaction", new { from = Account0, data = "0x67602a60006000a10060005260086018f3" });
        var receipt = await anvil.CallAsync("eth_getTransactionReceipt", tx.GetString());
        while (receipt.ValueKind == JsonValueKind.Null)
        {
            // Auto-mining is immediate, but the receipt can lag its block by a moment on a busy machine.
            await Task.Delay(20);
            receipt = await anvil.CallAsync("eth_getTransactionReceipt", tx.GetString());
        }
        _emitter = receipt.GetProperty("contractAddress").GetString();
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
        // Then empty blocks up to N, mined in small chunks (one huge anvil_mine can outlast an HTTP timeout).
        for (var head = Quantity(await anvil.CallAsync("eth_blockNumber")); head + 1 < (ulong)blocks; head = Quantity(await anvil.CallAsync("eth_blockNumber")))
        {
            await anvil.CallAsync("anvil_mine", "0x" + Math.Min(250UL, (ulong)blocks - head - 1).ToString("x", CultureInfo.InvariantCulture));
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

    /// <summary>The same data in JSON-RPC batches of <paramref name="batch"/> blocks: headers, then those blocks' receipts by hash.</summary>
    private static async Task<double> RawBatchedFetchAsync(Uri rpc, ulong head, int concurrency, int batch)
    {
        using var http = new HttpClient();
        var sw = Stopwatch.StartNew();
        var next = -1L;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            long start;
            while ((start = Interlocked.Add(ref next, batch) - batch + 1) <= (long)head)
            {
                var end = Math.Min((long)head, start + batch - 1);
                var calls = new List<object>();
                for (var n = start; n <= end; n++)
                {
                    calls.Add(new { jsonrpc = "2.0", id = n, method = "eth_getBlockByNumber", @params = new object[] { "0x" + n.ToString("x", CultureInfo.InvariantCulture), false } });
                }
                using var resp = await http.PostAsJsonAsync(rpc, calls);
                using var doc = await JsonDocument.ParseAsync(await resp.Content.ReadAsStreamAsync());
                var hashes = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("result").GetProperty("hash").GetString()).ToList();
                var rcalls = hashes.Select((h, i) => new { jsonrpc = "2.0", id = i, method = "eth_getBlockReceipts", @params = new object[] { h! } }).ToList();
                using var resp2 = await http.PostAsJsonAsync(rpc, rcalls);
                using var doc2 = await JsonDocument.ParseAsync(await resp2.Content.ReadAsStreamAsync());
                if (doc2.RootElement.GetArrayLength() != hashes.Count)
                {
                    throw new InvalidOperationException("short batch");
                }
            }
        });
        await Task.WhenAll(workers);
        return (head + 1) / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Parse cost of one batch of real responses, repeated: the DOM parse the raw fetch pays vs the verifying reader.</summary>
    private static async Task<object> ParseCostAsync(Uri rpc, ulong first, int batch)
    {
        using var http = new HttpClient();
        var calls = Enumerable.Range(0, batch).Select(i => (object)new { jsonrpc = "2.0", id = i, method = "eth_getBlockByNumber", @params = new object[] { "0x" + (first + (ulong)i).ToString("x", CultureInfo.InvariantCulture), false } }).ToList();
        var headers = await (await http.PostAsJsonAsync(rpc, calls)).Content.ReadAsByteArrayAsync();
        var hashes = JsonDocument.Parse(headers).RootElement.EnumerateArray().Select(e => e.GetProperty("result").GetProperty("hash").GetString()).ToList();
        var rcalls = hashes.Select((h, i) => (object)new { jsonrpc = "2.0", id = i, method = "eth_getBlockReceipts", @params = new object[] { h! } }).ToList();
        var receipts = await (await http.PostAsJsonAsync(rpc, rcalls)).Content.ReadAsByteArrayAsync();
        const int Rounds = 400;
        double Time(Action a)
        {
            // Warm up past tiered compilation's first tiers, as a long catch-up does.
            for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 1500;)
            {
                a();
            }
            var sw = Stopwatch.StartNew();
            for (var r = 0; r < Rounds; r++)
            {
                a();
            }
            return Math.Round(sw.Elapsed.TotalMicroseconds / Rounds / batch, 2);
        }
        var dom = Time(() =>
        {
            using var h = JsonDocument.Parse(headers);
            using var r = JsonDocument.Parse(receipts);
        });
        Wsc.Chain.Rpc.BlockBatchReader.Header[]? hs = null;
        var headerOnly = Time(() => hs = Wsc.Chain.Rpc.BlockBatchReader.ReadBatch("h", headers, 0, batch, Wsc.Chain.Rpc.BlockBatchReader.ReadHeader)!);
        var receiptsOnly = Time(() => Wsc.Chain.Rpc.BlockBatchReader.ReadBatch("r", receipts, 0, batch, Wsc.Chain.Rpc.BlockBatchReader.ReadReceipts));
        var rs = Wsc.Chain.Rpc.BlockBatchReader.ReadBatch("r", receipts, 0, batch, Wsc.Chain.Rpc.BlockBatchReader.ReadReceipts)!;
        var roots = Time(() =>
        {
            for (var i = 0; i < batch; i++)
            {
                Wsc.Chain.Rpc.BlockBatchReader.Verify(hs![i]!, rs[i]!);
            }
        });
        var keccak = Time(() =>
        {
            for (var i = 0; i < batch; i++)
            {
                Wsc.Chain.Crypto.Keccak.Hash(hs![i]!.Rlp);
            }
        });
        var scan = Time(() =>
        {
            var reader = new Utf8JsonReader(headers);
            while (reader.Read())
            {
            }
        });
        return new { dom, scan, keccak, headers = headerOnly, receipts = receiptsOnly, receiptRoots = roots, headerBytes = headers.Length / batch, receiptBytes = receipts.Length / batch };
    }

    /// <summary>The batched fetch through the Chain client's streaming reader, which verifies header hashes and receipts roots.</summary>
    private static async Task<double> VerifiedBatchedFetchAsync(Uri rpc, ulong head, int concurrency, int batch)
    {
        using var client = new Wsc.Chain.Rpc.EthRpcClient(rpc);
        var sw = Stopwatch.StartNew();
        var next = -1L;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            long start;
            while ((start = Interlocked.Add(ref next, batch) - batch + 1) <= (long)head)
            {
                var n = (int)Math.Min(batch, (long)head - start + 1);
                var blocks = await client.GetRawBlocksAsync((ulong)start, n, CancellationToken.None);
                if (blocks.Count != n)
                {
                    throw new InvalidOperationException("short batch");
                }
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
