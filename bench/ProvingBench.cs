using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.Db;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Silo.Devnet;
using Wsc.Silo.Hosting;
using Wsc.TestKit;
using Wsc.Zk.Graph;

namespace Wsc.Bench;

/// <summary>
/// `proving` (issue 14, item 7): one proof job of 2^`--log-cycles` cycles in segments of 2^`--segment-log2`, proven by
/// one production silo process held to one core (`taskset -c 0`, `DOTNET_PROCESSOR_COUNT=1`, `Proving:Concurrency=1`)
/// and by two such processes on cores 0 and 1 (the same one core each), interleaved over `--rounds`, each cluster
/// warmed up first by one job of two segments per silo, so each silo process has proven two segments before the
/// timed job (`--warmup 0` skips it); the speed-up is
/// one silo's job time over two silos'. Then tick -&gt; verified receipt latency of the erc20-volume example on a devnet
/// chain (a development silo with `Proving:Enabled`, one token transfer a block, the next block mined once the last
/// receipt verified), over `--live` blocks.
/// </summary>
public sealed class ProvingBench : IBenchmark
{
    private const string Account0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Name => "proving";

    public string Description => "one job on 1 vs 2 one-core silo processes (speed-up), tick->verified receipt p50/p99 for erc20-volume (--log-cycles 22 --segment-log2 19 --rounds 1 --live 20)";

    public async Task<int> RunAsync(string[] args)
    {
        var logCycles = CatchUpBench.IntArg(args, "--log-cycles", 22);
        var segmentLog2 = CatchUpBench.IntArg(args, "--segment-log2", 19);
        var rounds = CatchUpBench.IntArg(args, "--rounds", 1);
        // Warm-up jobs of two segments (one per silo) before the timed one, so each silo process has compiled the prover (JIT).
        var warmup = CatchUpBench.IntArg(args, "--warmup", 1) > 0;
        var live = CatchUpBench.IntArg(args, "--live", 20);
        var siloDll = args.SkipWhile(a => a != "--silo-dll").Skip(1).FirstOrDefault()
            ?? Path.Combine(Paths.RepoRoot, "Silo", "bin", "Release", "net10.0", "wsc-silo.dll");
        if (!File.Exists(siloDll))
        {
            await Console.Error.WriteLineAsync($"proving: {siloDll} not found: build the silo (dotnet build Silo -c Release) or pass --silo-dll");
            return 2;
        }
        if (Environment.ProcessorCount < 2)
        {
            await Console.Error.WriteLineAsync("proving: needs two cores (silos on cores 0 and 1)");
            return 2;
        }

        // The program: deploy/local/prove-job.c, 20 cycles a round plus ~170, sized to just under 2^logCycles.
        var roundsOfXorshift = ((1L << logCycles) - 300) / 20;
        var elfPath = Path.Combine(Path.GetTempPath(), $"wsc-bench-proving-{Environment.ProcessId}.elf");
        Run("bash", Path.Combine(Paths.RepoRoot, "deploy", "local", "prove-job.sh"), elfPath, roundsOfXorshift.ToString(CultureInfo.InvariantCulture));
        var elf = await File.ReadAllBytesAsync(elfPath);
        Run("bash", Path.Combine(Paths.RepoRoot, "deploy", "local", "prove-job.sh"), elfPath, (((2L << segmentLog2) - 300) / 20).ToString(CultureInfo.InvariantCulture));
        byte[]? warm = warmup ? await File.ReadAllBytesAsync(elfPath) : null;
        File.Delete(elfPath);

        using var anvil = new AnvilNode();
        using var pg = new PostgresServer();
        var one = new List<JobRun>();
        var two = new List<JobRun>();
        for (var r = 0; r < rounds; r++)
        {
            one.Add(await ProveOnAsync(siloDll, anvil, pg, [0], elf, warm, segmentLog2, $"bench-1-{r}"));
            two.Add(await ProveOnAsync(siloDll, anvil, pg, [0, 1], elf, warm, segmentLog2, $"bench-2-{r}"));
        }
        var latency = live > 0 ? await ReceiptLatencyAsync(live) : [];

        var best1 = one.Min(j => j.Seconds);
        var best2 = two.Min(j => j.Seconds);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "proving",
            cycles = one[0].Cycles,
            segmentLog2,
            segments = one[0].Segments,
            rounds,
            warmup,
            oneSiloSeconds = Math.Round(best1, 2),
            twoSilosSeconds = Math.Round(best2, 2),
            speedUp = Math.Round(best1 / best2, 3),
            perRound = one.Select((j, i) => new { one = j, two = two[i], speedUp = Math.Round(j.Seconds / two[i].Seconds, 3) }),
            liveReceipts = latency.Count,
            tickToReceiptP50Ms = Math.Round(ZkGraphsBench.Percentile(latency, 0.50), 1),
            tickToReceiptP99Ms = Math.Round(ZkGraphsBench.Percentile(latency, 0.99), 1),
            tickToReceiptMaxMs = Math.Round(latency.LastOrDefault(), 1),
            loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[..3],
        }, Json));
        return 0;
    }

    /// <summary>
    /// Starts one production silo process per core in <paramref name="cores"/> (each pinned there with one processor
    /// and one proving slot) on a fresh database, proves the job, stops them. The job's time runs from its start call to
    /// its receipt verified (as the client sees it, polling every 50 ms); CPU is each silo process's own.
    /// </summary>
    private static async Task<JobRun> ProveOnAsync(string siloDll, AnvilNode anvil, PostgresServer pg, int[] cores, byte[] elf, byte[]? warm, int segmentLog2, string jobId)
    {
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        var silos = new List<(Process Process, int Http, int Gateway)>();
        try
        {
            foreach (var core in cores)
            {
                silos.Add(StartSilo(siloDll, anvil, cs, core, segmentLog2));
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await WaitAsync(async () =>
            {
                foreach (var s in silos)
                {
                    if (s.Process.HasExited)
                    {
                        throw new InvalidOperationException($"a silo exited with {s.Process.ExitCode}");
                    }
                    if (!await ReadyAsync(http, s.Http))
                    {
                        return false;
                    }
                }
                return await ActiveSilosAsync(cs) == cores.Length;
            }, 180, "the silos to be ready");
            await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silos[0].Gateway}", CancellationToken.None, TimeSpan.FromHours(1));
            if (warm is not null)
            {
                // One two-segment job per silo, so every silo process has proven the same number of warm-up segments
                // (two) whether the cluster has one silo or two.
                for (int w = 0; w < cores.Length; w++) await ProveAsync(conn.Client, $"warm-{w}-" + jobId, warm);
            }
            var job = conn.Client.GetGrain<IProofJobGrain>(jobId);
            var cpu0 = silos.Select(s => CpuSeconds(s.Process)).ToArray();
            var watch = Stopwatch.StartNew();
            var view = await job.StartAsync(new ProofRequest(elf, BitConverter.GetBytes(1L), null, null, null));
            while (view.State is not (ProofJobState.Verified or ProofJobState.Failed))
            {
                await Task.Delay(50);
                view = await job.GetAsync() ?? throw new InvalidOperationException($"proof job {jobId} disappeared");
            }
            var seconds = watch.Elapsed.TotalSeconds;
            var cpu = silos.Select((s, i) => Math.Round(CpuSeconds(s.Process) - cpu0[i], 2)).ToArray();
            if (view.State == ProofJobState.Failed)
            {
                throw new InvalidOperationException($"proof job {jobId}: {view.StateText}");
            }
            var peaks = silos.Select(s => Math.Round(PeakGiB(s.Process), 2)).ToArray();
            var bySilo = view.Segments.GroupBy(s => s.Silo ?? "?").ToDictionary(g => g.Key, g => g.Count());
            return new JobRun(cores.Length, Math.Round(seconds, 2), view.Cycles, view.Segments.Count,
                Math.Round(view.Segments.Sum(s => s.ProveMs ?? 0) / 1000, 2), cpu, peaks, bySilo);
        }
        finally
        {
            foreach (var s in silos)
            {
                Stop(s.Process);
            }
        }
    }

    private static async Task ProveAsync(IClusterClient client, string jobId, byte[] elf)
    {
        var job = client.GetGrain<IProofJobGrain>(jobId);
        var view = await job.StartAsync(new ProofRequest(elf, BitConverter.GetBytes(2L), null, null, null));
        while (view.State is not (ProofJobState.Verified or ProofJobState.Failed))
        {
            await Task.Delay(100);
            view = await job.GetAsync() ?? throw new InvalidOperationException($"proof job {jobId} disappeared");
        }
        if (view.State == ProofJobState.Failed)
        {
            throw new InvalidOperationException($"proof job {jobId}: {view.StateText}");
        }
    }

    private static (Process Process, int Http, int Gateway) StartSilo(string siloDll, AnvilNode anvil, string cs, int core, int segmentLog2)
    {
        var httpPort = FreePort.Next();
        var gateway = FreePort.Next();
        var psi = new ProcessStartInfo("taskset") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            "-c", core.ToString(CultureInfo.InvariantCulture), "dotnet", siloDll,
            $"--Http:Port={httpPort}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={gateway}",
            $"--Ethereum:Rpc={anvil.Rpc}", "--Devnet:Enabled=false", "--Profile=Production", $"--Postgres:ConnectionString={cs}",
            "--Orleans:AdvertisedIPAddress=127.0.0.1", "--Logging:LogLevel:Default=Warning",
            "--Proving:Concurrency=1", $"--Proving:SegmentLog2={segmentLog2}", "--Proving:PollInterval=00:00:00.100",
        })
        {
            psi.ArgumentList.Add(a);
        }
        // One core's worth of runtime: thread pool, GC heaps and the prover's own parallelism all see one processor.
        psi.Environment["DOTNET_PROCESSOR_COUNT"] = "1";
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start taskset");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"silo on core {core}: {line}");
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return (p, httpPort, gateway);
    }

    /// <summary>
    /// Tick -&gt; verified receipt for erc20-volume: a development silo with proving on follows a fresh anvil with the
    /// devnet token; each of <paramref name="blocks"/> blocks carries one transfer, and the next is mined once the last
    /// block's receipt verified (no queueing: the latency of one receipt). Milliseconds, sorted.
    /// </summary>
    private static async Task<List<double>> ReceiptLatencyAsync(int blocks)
    {
        using var anvil = new AnvilNode();
        var deploy = await ZkGraphsBench.SendAndWaitAsync(anvil, new { from = Account0, data = DevnetContracts.TokenBytecode, gas = "0x500000" });
        if (!string.Equals(deploy.GetProperty("contractAddress").GetString(), DevnetContracts.TokenAddress, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("the token is not at the examples' address: anvil account 0 must be fresh");
        }
        var sdk = GuestBuilder.LocateSdk();
        var elfPath = Path.Combine(Path.GetTempPath(), $"wsc-bench-erc20-volume-{Environment.ProcessId}.elf");
        new GuestBuilder(sdk).Build(Path.Combine(sdk, "examples", "erc20-volume"), null, elfPath);
        var yaml = await File.ReadAllTextAsync(Path.Combine(sdk, "examples", "erc20-volume", "zkgraph.yaml"));
        var elf = await File.ReadAllBytesAsync(elfPath);
        File.Delete(elfPath);
        var gateway = FreePort.Next();
        var app = SiloHost.Build([
            $"--Http:Port={FreePort.Next()}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={gateway}",
            $"--Ethereum:Rpc={anvil.Rpc}", "--Devnet:Enabled=false", "--Ethereum:PollIntervalMs=20",
            "--Logging:LogLevel:Default=Warning", "--Proving:Enabled=true", "--Proving:PollInterval=00:00:00.050",
        ]);
        await app.StartAsync();
        try
        {
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            string id;
            await using (var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{gateway}", CancellationToken.None))
            {
                id = (await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, PrivateKey.FromHex(AnvilNode.Key0))).Id;
            }
            var graph = grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", id));
            var chain = grains.GetGrain<IChainGrain>("eth-31337");
            var latencies = new List<double>();
            // The first block warms the prover up (JIT, verifying keys); it is not counted.
            for (var i = -1; i < blocks; i++)
            {
                var receipt = await ZkGraphsBench.SendAndWaitAsync(anvil, new
                {
                    from = Account0, to = DevnetContracts.TokenAddress, gas = "0x30000",
                    data = DevnetContracts.EncodeTransfer("0x" + (0x3000 + i + 1).ToString("x40", CultureInfo.InvariantCulture), 1000 + i + 1),
                });
                var n = ZkGraphsBench.Quantity(receipt.GetProperty("blockNumber"));
                ProofJobView? job = null;
                TickRecord? tick = null;
                await WaitAsync(async () =>
                {
                    tick ??= (await chain.GetTicksAsync(n, n)).FirstOrDefault(t => t.Status != TickState.Orphaned);
                    var output = (await graph.OutputsAsync(n, n)).FirstOrDefault(o => o.Status != ZkGraphOutputStatus.Orphaned);
                    if (output?.ReceiptId is not { } receiptId)
                    {
                        return false;
                    }
                    job = await grains.GetGrain<IProofJobGrain>(receiptId).GetAsync();
                    if (job?.State == ProofJobState.Failed)
                    {
                        throw new InvalidOperationException($"block {n}: {job.StateText}");
                    }
                    return tick is not null && job is { State: ProofJobState.Verified, FinishedUtc: not null };
                }, 600, $"block {n}'s receipt");
                if (i >= 0)
                {
                    latencies.Add((job!.FinishedUtc!.Value - tick!.SeenUtc).TotalMilliseconds);
                }
            }
            latencies.Sort();
            return latencies;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<long> ActiveSilosAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = 3", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, int seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {seconds} s waiting for {what}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>User plus system CPU of the silo process (taskset execs dotnet, so the pid is the silo's).</summary>
    private static double CpuSeconds(Process p)
    {
        var fields = File.ReadAllText($"/proc/{p.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double PeakGiB(Process p)
    {
        var line = File.ReadLines($"/proc/{p.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / (1024.0 * 1024.0);
    }

    private static void Stop(Process p)
    {
        if (!p.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]);
            term.WaitForExit();
            if (!p.WaitForExit(30_000))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
        }
        p.Dispose();
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {err.Trim()}");
        }
    }

    /// <summary>One job's figures: wall time, its plan, summed segment prove time, CPU and peak memory per silo, segments per silo.</summary>
    private sealed record JobRun(int Silos, double Seconds, long Cycles, int Segments, double SummedSegmentSeconds, double[] SiloCpuSeconds, double[] SiloPeakGiB, Dictionary<string, int> SegmentsBySilo);
}
