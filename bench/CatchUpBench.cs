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
/// `catchup`: a development silo following a local anvil holding N blocks from genesis, against the raw rate of
/// fetching the same headers and receipts without verification; then live tick latency (header seen to tick recorded)
/// over blocks mined one by one.
/// </summary>
public sealed class CatchUpBench : IBenchmark
{
    public string Name => "catchup";

    public string Description => "chain follower catch-up rate vs raw fetch, and live tick latency (--blocks N --live M --rounds R)";

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
        var liveTail = IntArg(args, "--live-tail", 8);
        var rounds = IntArg(args, "--rounds", 3);
        // --follow-only: catch-ups alone, each printing its CLOCK_MONOTONIC window on stderr, for a profiler attached
        // to this process (`perf record -k mono`, DOTNET_PerfMapEnabled=1).
        var followOnly = args.Contains("--follow-only");
        using var anvil = new AnvilNode(extraArgs: ["--no-request-size-limit", "--prune-history"]);
        await DeployAsync(anvil);
        var fill = Stopwatch.StartNew();
        var perBlock = IntArg(args, "--txs-per-block", 4);
        var (_, head) = await FillAsync(anvil, blocks, perBlock);
        var fillSeconds = fill.Elapsed.TotalSeconds;
        var parse = await ParseCostAsync(anvil.Rpc, Math.Min(head - 64, 1000), batch);
        var cpu = new Cpu(anvil);
        // --jit-log: the methods compiled inside the measured follows (stderr at the end).
        using var jitLog = args.Contains("--jit-log") ? new JitLog() : null;
        // --cluster-only: the follower's bulk reads come from blocks fetched and verified once beforehand, so a follow
        // measures the cluster's own cost per block (follower, ledger, Orleans), without the node or the fetch.
        Dictionary<ulong, Wsc.Grains.Consensus.VerifiedBlock>? replay = null;
        if (args.Contains("--cluster-only"))
        {
            replay = [];
            await using var source = new Wsc.Grains.Consensus.RpcEthereumSource(new Wsc.Chain.Rpc.EthRpcClient(anvil.Rpc), null);
            for (var n = 0UL; n <= head; n += (ulong)batch)
            {
                foreach (var b in await source.BlocksAsync(n, batch, CancellationToken.None))
                {
                    replay[b.Header.Number] = b;
                }
            }
        }

        // The first catch-up in this process: a silo started and following at once, so the JIT compiles the whole path
        // while it runs (in a 10,000-block catch-up that is about as long as the catch-up itself). Reported apart.
        var (cold, coldJitMs, coldApp, _) = await FollowAsync(startPaused: false);
        var coldCpu = cpu.PerBlock(head + 1);
        await coldApp.StopAsync();
        await coldApp.DisposeAsync();
        // Untimed warm-up of every path (10 runs by default): tiered compilation moves hot methods through instrumented code to their final
        // optimised form over several runs, and a catch-up of 10,000 blocks is short enough for that to be most of its
        // cost. The rounds below report the JIT time left inside each follow (followJitMs).
        var warmups = IntArg(args, "--warmups", 10);
        for (var w = 0; w < warmups; w++)
        {
            if (!followOnly)
            {
                await RawFetchAsync(anvil.Rpc, 0, head, 16);
                await RawBatchedFetchAsync(anvil.Rpc, 0, head, batches, batch);
                await VerifiedBatchedFetchAsync(anvil.Rpc, 0, head, batches, batch);
            }
            var (_, _, warmApp, _) = await FollowAsync(startPaused: true);
            await warmApp.StopAsync();
            await warmApp.DisposeAsync();
        }

        // Rounds, interleaved so that a noisy moment on this shared two-core machine hits one round, not one path.
        // Each follow is a fresh silo (its own in-memory state) following from genesis; it starts paused
        // (Ethereum:StartPaused) and is resumed once its own start-up compilation has settled, so the figure is the
        // follower's steady rate, as in a long catch-up, not silo start-up.
        var runs = new List<Round>();
        var resumedAt = 0L;
        Microsoft.AspNetCore.Builder.WebApplication? app = null;
        IChainGrain? chain = null;
        for (var round = 0; round < rounds; round++)
        {
            cpu.PerBlock(head + 1);
            double single = 0, raw = 0, verified = 0;
            object? singleCpu = null, rawCpu = null, verifiedCpu = null;
            if (!followOnly)
            {
                // Reference: one request per header and per receipt set, 16 at a time.
                single = await RawFetchAsync(anvil.Rpc, 0, head, 16);
                singleCpu = cpu.PerBlock(head + 1);
                // The raw rate the follower is held to: the same batches, parsed as JSON, nothing verified.
                raw = await RawBatchedFetchAsync(anvil.Rpc, 0, head, batches, batch);
                rawCpu = cpu.PerBlock(head + 1);
                // The Chain client's verified batch fetch alone (no cluster).
                verified = await VerifiedBatchedFetchAsync(anvil.Rpc, 0, head, batches, batch);
                verifiedCpu = cpu.PerBlock(head + 1);
            }
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
            var (follow, jitMs, silo, follower) = await FollowAsync(startPaused: true);
            var followCpu = cpu.PerBlock(head + 1);
            (app, chain) = (silo, follower);
            if (followOnly)
            {
                Console.Error.WriteLine($"window {resumedAt / (double)Stopwatch.Frequency:F6},{Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:F6} follow {follow:F0}/s cpu {followCpu}");
            }
            runs.Add(new Round(single, singleCpu, raw, rawCpu, verified, verifiedCpu, follow, jitMs, followCpu));
        }

        // A fresh development silo following the chain from genesis to the head: blocks per second from the first
        // header seen to the last tick recorded, by the silo's own clock, and the JIT compilation time in between.
        async Task<(double Rate, double JitMs, Microsoft.AspNetCore.Builder.WebApplication App, IChainGrain Chain)> FollowAsync(bool startPaused)
        {
            var silo = SiloHost.Build([
                $"--Http:Port={FreePort.Next()}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
                $"--Ethereum:Rpc={anvil.Rpc}", "--Devnet:Enabled=false", "--Ethereum:PollIntervalMs=20",
                $"--Ethereum:Prefetch={prefetch}", $"--Ethereum:FetchBatch={batch}", $"--Ethereum:PersistEvery={persistEvery}",
                $"--Ethereum:TickConcurrency={tickConcurrency}", $"--Ethereum:LiveTail={liveTail}", $"--Ethereum:StartPaused={startPaused}", "--Logging:LogLevel:Default=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace",
            ], replay is null ? null : b => b.Services.AddSingleton<Wsc.Grains.Consensus.IEthereumSourceFactory>(sp =>
                new ReplaySourceFactory(new Wsc.Grains.Consensus.RpcEthereumSourceFactory(sp.GetRequiredService<Wsc.Grains.Consensus.EthereumEndpoint>()), replay)));
            await silo.StartAsync();
            var follower = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IChainGrain>("eth-31337");
            if (startPaused)
            {
                // Until no method has been compiled for half a second (at most 10 s).
                var settle = Stopwatch.StartNew();
                for (var count = System.Runtime.JitInfo.GetCompiledMethodCount(); settle.Elapsed.TotalSeconds < 10;)
                {
                    await Task.Delay(500);
                    var now = System.Runtime.JitInfo.GetCompiledMethodCount();
                    if (now == count)
                    {
                        break;
                    }
                    count = now;
                }
            }
            cpu.PerBlock(head + 1);
            var jit = System.Runtime.JitInfo.GetCompilationTime();
            jitLog?.Start();
            resumedAt = Stopwatch.GetTimestamp();
            var resumedUtc = DateTime.UtcNow;
            await follower.ResumeAsync();
            while ((await follower.GetStatusAsync()).Head is not { } h || h.Number < head)
            {
                await Task.Delay(20);
            }
            var jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds;
            jitLog?.Stop();
            var first = (await follower.GetTicksAsync(0, 0))[0];
            var last = (await follower.GetTicksAsync(head, head))[0];
            // Replayed blocks were seen when they were fetched beforehand: time those from the resume instead.
            var start = replay is null ? first.SeenUtc : resumedUtc;
            return ((head + 1) / (last.RecordedUtc - start).TotalSeconds, jitMs, silo, follower);
        }

        // Live: one block at a time, as the clock ticks in production.
        var latencies = new List<double>();
        for (var i = 0; i < live; i++)
        {
            // The block that carries this transaction (eth_blockNumber right after sending may still name the one before).
            var n = Quantity((await SendAndWaitAsync(anvil, new { from = Account0, to = _emitter })).GetProperty("blockNumber"));
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
        jitLog?.Print();

        static double Median(IEnumerable<double> xs)
        {
            var sorted = xs.Order().ToList();
            return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
        var best = (Single: runs.Max(r => r.Single), Raw: runs.Max(r => r.Raw), Verified: runs.Max(r => r.Verified), Follow: runs.Max(r => r.Follow));
        var rawBest = Math.Max(best.Raw, best.Single);
        var roundRatios = runs.Select(r => r.Follow / Math.Max(1, Math.Max(r.Raw, r.Single))).ToList();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "catchup",
            blocks = head + 1,
            txsPerBlock = perBlock,
            logs = _logsPerFill,
            fillSeconds = Math.Round(fillSeconds, 1),
            rounds,
            warmups,
            prefetch,
            batch,
            persistEvery,
            tickConcurrency,
            liveTail,
            // Best of the rounds for each.
            rawFetchBlocksPerSec = Math.Round(best.Raw, 1),
            rawSingleRequestsBlocksPerSec = Math.Round(best.Single, 1),
            verifiedFetchBlocksPerSec = Math.Round(best.Verified, 1),
            followBlocksPerSec = Math.Round(best.Follow, 1),
            // Against the faster of the two raw fetches: best against best, and the median of the rounds' own ratios.
            ratio = followOnly ? 0 : Math.Round(best.Follow / rawBest, 3),
            medianRoundRatio = followOnly ? 0 : Math.Round(Median(roundRatios), 3),
            // The first catch-up in the process, started at once (JIT compilation of the path included).
            coldFollowBlocksPerSec = Math.Round(cold, 1),
            coldFollowJitMs = Math.Round(coldJitMs),
            coldFollowCpuUsPerBlock = coldCpu,
            perRound = runs.Select(r => new
            {
                raw = Math.Round(r.Raw), single = Math.Round(r.Single), verified = Math.Round(r.Verified), follow = Math.Round(r.Follow),
                ratio = Math.Round(r.Follow / Math.Max(1, Math.Max(r.Raw, r.Single)), 3),
                // JIT compilation during the follow (what is left of start-up after the silo settled).
                followJitMs = Math.Round(r.JitMs, 1),
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

    private sealed record Round(double Single, object? SingleCpu, double Raw, object? RawCpu, double Verified, object? VerifiedCpu,
        double Follow, double JitMs, object FollowCpu);

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
    private static int _logsPerFill;

    /// <summary>Deploys a one-log contract (every call emits one event).</summary>
    private static async Task DeployAsync(AnvilNode anvil)
    {
        var receipt = await SendAndWaitAsync(anvil, new { from = Account0, data = "0x67602a60006000a10060005260086018f3" });
        _emitter = receipt.GetProperty("contractAddress").GetString();
    }

    /// <summary>Sends a transaction and returns its receipt once its block is mined.</summary>
    private static async Task<JsonElement> SendAndWaitAsync(AnvilNode anvil, object tx)
    {
        var hash = (await anvil.CallAsync("eth_sendTransaction", tx)).GetString();
        var receipt = await anvil.CallAsync("eth_getTransactionReceipt", hash);
        while (receipt.ValueKind == JsonValueKind.Null)
        {
            // Auto-mining is immediate, but the receipt can lag its block by a moment on a busy machine.
            await Task.Delay(5);
            receipt = await anvil.CallAsync("eth_getTransactionReceipt", hash);
        }
        return receipt;
    }

    /// <summary>
    /// Fills the chain up to <paramref name="blocks"/> blocks (genesis and the deploy block included), every new block
    /// carrying <paramref name="perBlock"/> event-emitting transactions (one log each): automine off, each block's
    /// transactions sent with explicit nonces, then mined. Returns the chain's range.
    /// </summary>
    private static async Task<(ulong From, ulong To)> FillAsync(AnvilNode anvil, int blocks, int perBlock)
    {
        var to = (ulong)blocks - 1;
        using var http = new HttpClient();
        await anvil.CallAsync("evm_setAutomine", false);
        var nonce = Quantity(await anvil.CallAsync("eth_getTransactionCount", Account0, "pending"));
        var logs = 0;
        for (var head = Quantity(await anvil.CallAsync("eth_blockNumber")); head < to; head++)
        {
            if (perBlock > 0)
            {
                var batch = Enumerable.Range(0, perBlock).Select(i => new
                {
                    jsonrpc = "2.0", id = i, method = "eth_sendTransaction",
                    @params = new object[] { new { from = Account0, to = _emitter, nonce = "0x" + (nonce + (ulong)i).ToString("x", CultureInfo.InvariantCulture) } },
                });
                using var resp = await http.PostAsJsonAsync(anvil.Rpc, batch);
                using var doc = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
                if (doc.RootElement.EnumerateArray().Any(r => !r.TryGetProperty("result", out _)))
                {
                    throw new InvalidOperationException($"anvil refused a fill transaction: {doc.RootElement.GetRawText()}");
                }
                nonce += (ulong)perBlock;
                logs += perBlock;
            }
            await anvil.CallAsync("evm_mine");
        }
        await anvil.CallAsync("evm_setAutomine", true);
        _logsPerFill = logs;
        return (0, to);
    }

    /// <summary>Fetches every header and its receipts with the same concurrency, parsing JSON but verifying nothing.</summary>
    private static async Task<double> RawFetchAsync(Uri rpc, ulong first, ulong head, int concurrency)
    {
        using var http = new HttpClient();
        var sw = Stopwatch.StartNew();
        var next = (long)first - 1;
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
        return (head - first + 1) / sw.Elapsed.TotalSeconds;
    }

    /// <summary>The same data in JSON-RPC batches of <paramref name="batch"/> blocks: headers, then those blocks' receipts by hash.</summary>
    private static async Task<double> RawBatchedFetchAsync(Uri rpc, ulong first, ulong head, int concurrency, int batch)
    {
        using var http = new HttpClient();
        var sw = Stopwatch.StartNew();
        var next = (long)first - 1;
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
        return (head - first + 1) / sw.Elapsed.TotalSeconds;
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
        // The follower's path: the batch read, then its headers hashed together (KeccakMany).
        var headerOnly = Time(() => hs = Wsc.Chain.Rpc.BlockBatchReader.ReadHeaders("h", headers, 0, batch)!);
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
        var rlps = hs!.Select(h => h!.Rlp).ToList();
        var digests = new Wsc.Chain.Hash32[rlps.Count];
        var keccakMany = Time(() => Wsc.Chain.Crypto.KeccakMany.Hash(rlps, digests));
        var scan = Time(() =>
        {
            var reader = new Utf8JsonReader(headers);
            while (reader.Read())
            {
            }
        });
        return new { dom, scan, keccak, keccakMany, headers = headerOnly, receipts = receiptsOnly, receiptRoots = roots, headerBytes = headers.Length / batch, receiptBytes = receipts.Length / batch };
    }

    /// <summary>The batched fetch through the Chain client's streaming reader, which verifies header hashes and receipts roots.</summary>
    private static async Task<double> VerifiedBatchedFetchAsync(Uri rpc, ulong first, ulong head, int concurrency, int batch)
    {
        using var client = new Wsc.Chain.Rpc.EthRpcClient(rpc);
        var sw = Stopwatch.StartNew();
        var next = (long)first - 1;
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
        return (head - first + 1) / sw.Elapsed.TotalSeconds;
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

    /// <summary>Serves bulk block reads from blocks verified beforehand (<c>--cluster-only</c>); everything else from the node.</summary>
    private sealed class ReplaySourceFactory(Wsc.Grains.Consensus.IEthereumSourceFactory inner, Dictionary<ulong, Wsc.Grains.Consensus.VerifiedBlock> blocks)
        : Wsc.Grains.Consensus.IEthereumSourceFactory
    {
        public async Task<Wsc.Grains.Consensus.IEthereumSource> CreateAsync(CancellationToken ct) => new Source(await inner.CreateAsync(ct), blocks);

        private sealed class Source(Wsc.Grains.Consensus.IEthereumSource node, Dictionary<ulong, Wsc.Grains.Consensus.VerifiedBlock> blocks)
            : Wsc.Grains.Consensus.IEthereumSource
        {
            public string Describe => node.Describe;

            public Task<ulong> ChainIdAsync(CancellationToken ct) => node.ChainIdAsync(ct);

            public Task<ulong> HeadNumberAsync(CancellationToken ct) => node.HeadNumberAsync(ct);

            public Task<Wsc.Grains.Consensus.VerifiedHeader?> HeaderAsync(ulong number, CancellationToken ct) => node.HeaderAsync(number, ct);

            public Task<Wsc.Grains.Consensus.VerifiedHeader?> HeaderByHashAsync(string hash, CancellationToken ct) => node.HeaderByHashAsync(hash, ct);

            public Task<Wsc.Grains.Consensus.VerifiedHeader?> TaggedHeaderAsync(string tag, CancellationToken ct) => node.TaggedHeaderAsync(tag, ct);

            public Task<IReadOnlyList<byte[]>> ReceiptsAsync(Wsc.Grains.Consensus.VerifiedHeader header, CancellationToken ct) => node.ReceiptsAsync(header, ct);

            public Task<IReadOnlyList<Wsc.Grains.Consensus.VerifiedBlock>> BlocksAsync(ulong first, int count, CancellationToken ct)
            {
                if (!blocks.ContainsKey(first))
                {
                    // Mined after the replayed chain (the live phase): from the node.
                    return node.BlocksAsync(first, count, ct);
                }
                var list = new List<Wsc.Grains.Consensus.VerifiedBlock>(count);
                for (var n = first; n < first + (ulong)count && blocks.TryGetValue(n, out var b); n++)
                {
                    list.Add(b);
                }
                return Task.FromResult<IReadOnlyList<Wsc.Grains.Consensus.VerifiedBlock>>(list);
            }

            public IAsyncEnumerable<ulong> NewHeadsAsync(CancellationToken ct) => node.NewHeadsAsync(ct);

            public ValueTask DisposeAsync() => node.DisposeAsync();
        }
    }

    /// <summary>Collects the names of methods the JIT compiles while started (runtime events, in process).</summary>
    private sealed class JitLog : System.Diagnostics.Tracing.EventListener
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _methods = new();
        private volatile bool _on;

        public void Start() => _on = true;

        public void Stop() => _on = false;

        public void Print()
        {
            foreach (var (name, count) in _methods.OrderByDescending(kv => kv.Value).Take(60))
            {
                Console.Error.WriteLine($"jit {count,4} {name}");
            }
        }

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x10);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
        {
            if (_on && e.EventName == "MethodJittingStarted_V1" && e.Payload is { Count: >= 6 } p)
            {
                _methods.AddOrUpdate($"{p[4]}::{p[5]}", 1, (_, c) => c + 1);
            }
        }
    }
}
