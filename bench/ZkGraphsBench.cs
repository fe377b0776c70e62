using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Silo.Devnet;
using Wsc.Silo.Hosting;
using Wsc.TestKit;
using Wsc.Zk.Graph;

namespace Wsc.Bench;

/// <summary>
/// `zkgraphs`: catch-up of a chain of ERC-20 transfer blocks by a silo with no graph against one with erc20-volume
/// deployed (the ratio), the graph's runs per second while catching up, and live tick -&gt; output latency.
/// </summary>
public sealed class ZkGraphsBench : IBenchmark
{
    private const string Account0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    public string Name => "zkgraphs";

    public string Description => "catch-up rate with erc20-volume deployed vs none, runs/s, live tick->output latency (--blocks N --transfers K --rounds R --live M)";

    public async Task<int> RunAsync(string[] args)
    {
        var blocks = CatchUpBench.IntArg(args, "--blocks", 5000);
        var transfers = CatchUpBench.IntArg(args, "--transfers", 4);
        var rounds = CatchUpBench.IntArg(args, "--rounds", 3);
        var warmups = CatchUpBench.IntArg(args, "--warmups", 2);
        var live = CatchUpBench.IntArg(args, "--live", 50);
        // --graphs a,b: the examples deployed in the "with" follows (zkml-mlp gets the devnet's weights uploaded first).
        var names = (args.SkipWhile(a => a != "--graphs").Skip(1).FirstOrDefault() ?? "erc20-volume,zkml-mlp").Split(',');
        using var anvil = new AnvilNode(extraArgs: ["--no-request-size-limit", "--prune-history"]);
        var deploy = await SendAndWaitAsync(anvil, new { from = Account0, data = DevnetContracts.TokenBytecode, gas = "0x500000" });
        if (!string.Equals(deploy.GetProperty("contractAddress").GetString(), DevnetContracts.TokenAddress, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("the token is not at the examples' address: anvil account 0 must be fresh");
        }
        var fill = Stopwatch.StartNew();
        var head = await FillAsync(anvil, blocks, transfers);
        var fillSeconds = fill.Elapsed.TotalSeconds;
        var sdk = GuestBuilder.LocateSdk();
        var graphs = new List<(string Yaml, byte[] Elf)>();
        foreach (var name in names)
        {
            var elfPath = Path.Combine(Path.GetTempPath(), $"wsc-bench-{name}-{Environment.ProcessId}.elf");
            new GuestBuilder(sdk).Build(Path.Combine(sdk, "examples", name), null, elfPath);
            graphs.Add((await File.ReadAllTextAsync(Path.Combine(sdk, "examples", name, "zkgraph.yaml")), await File.ReadAllBytesAsync(elfPath)));
            File.Delete(elfPath);
        }
        var elf = graphs[0].Elf;

        for (var w = 0; w < warmups; w++)
        {
            await (await FollowAsync(anvil, head, null)).DisposeAsync();
            await (await FollowAsync(anvil, head, graphs)).DisposeAsync();
        }
        var alone = new List<double>();
        var with = new List<double>();
        var aloneCpu = new List<(double Silo, double Node)>();
        var withCpu = new List<(double Silo, double Node)>();
        var runsPerSec = new List<double>();
        Follow? last = null;
        for (var r = 0; r < rounds; r++)
        {
            await using (var a = await FollowAsync(anvil, head, null))
            {
                alone.Add(a.Rate);
                aloneCpu.Add((a.SiloCpuUs, a.NodeCpuUs));
            }
            if (last is not null)
            {
                await last.DisposeAsync();
            }
            last = await FollowAsync(anvil, head, graphs);
            with.Add(last.Rate);
            withCpu.Add((last.SiloCpuUs, last.NodeCpuUs));
            runsPerSec.Add(last.Runs / last.Seconds);
        }

        // Live: one transfer per block; latency from the header seen to the graph's output recorded.
        var latencies = new List<double>();
        var graph = last!.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", last.GraphId!));
        var chain = last.Grains.GetGrain<IChainGrain>("eth-31337");
        for (var i = 0; i < live; i++)
        {
            var receipt = await SendAndWaitAsync(anvil, new
            {
                from = Account0, to = DevnetContracts.TokenAddress, gas = "0x30000",
                data = DevnetContracts.EncodeTransfer("0x" + (0x2000 + i).ToString("x40", CultureInfo.InvariantCulture), 1000 + i),
            });
            var n = Quantity(receipt.GetProperty("blockNumber"));
            ZkGraphOutput? output = null;
            TickRecord? tick = null;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((output is null || tick is null) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(2);
                output = (await graph.OutputsAsync(n, n)).FirstOrDefault(o => o.Status != ZkGraphOutputStatus.Orphaned);
                tick = (await chain.GetTicksAsync(n, n)).FirstOrDefault(t => t.Status != TickState.Orphaned);
            }
            if (output is null || tick is null)
            {
                throw new TimeoutException($"no output for block {n} within 30 s");
            }
            latencies.Add((output.RecordedUtc - tick.SeenUtc).TotalMilliseconds);
        }
        // The executor alone on the last live block's input: what one run costs without the cluster around it.
        var sample = (await graph.OutputsAsync(head - Math.Min(head, 999UL), head)).Where(o => o.Status != ZkGraphOutputStatus.Orphaned && o.Error is null).ToList();
        var cyclesPerRun = sample.Count == 0 ? 0 : sample.Average(o => o.Cycles);
        var image = Wsc.Zk.Vm.ProgramImage.FromElf(elf);
        var executor = new Wsc.Zk.Vm.Executor(image, new Wsc.Zk.Vm.ExecutionOptions { MaxCycles = 200_000_000 });
        var block = await new Wsc.Chain.Rpc.EthRpcClient(anvil.Rpc).GetHeaderAsync(head, CancellationToken.None);
        var receipts = await new Wsc.Chain.Rpc.EthRpcClient(anvil.Rpc).GetReceiptsAsync(block!, CancellationToken.None);
        var matcher = new Wsc.Grains.ZkGraphs.ZkGraphMatcher(31337, [.. (await last.Grains.GetGrain<IZkGraphRegistryGrain>("eth-31337").SubscriptionsAsync()).Where(x => x.GraphId == last.GraphId)]);
        var zkBlock = new Wsc.Grains.ZkGraphs.ZkGraphBlock(block!, [.. receipts.Select(r => r.Encode())], false);
        var input = matcher.Match(zkBlock)[0].Tick.Input;
        var execWatch = Stopwatch.StartNew();
        var execRuns = 0;
        while (execWatch.Elapsed.TotalSeconds < 1)
        {
            executor.Run(input);
            execRuns++;
        }
        var execUs = execWatch.Elapsed.TotalMilliseconds * 1000 / execRuns;
        var matchWatch = Stopwatch.StartNew();
        var matches = 0;
        while (matchWatch.Elapsed.TotalSeconds < 1)
        {
            matcher.Match(zkBlock);
            matches++;
        }
        var matchUs = matchWatch.Elapsed.TotalMilliseconds * 1000 / matches;
        await last.DisposeAsync();
        latencies.Sort();
        var bestAlone = alone.Max();
        var bestWith = with.Max();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "zkgraphs",
            blocks = head + 1,
            transfersPerBlock = transfers,
            fillSeconds = Math.Round(fillSeconds, 1),
            graphs = names,
            rounds,
            warmups,
            followAloneBlocksPerSec = Math.Round(bestAlone, 1),
            followWithGraphsBlocksPerSec = Math.Round(bestWith, 1),
            ratio = Math.Round(bestWith / bestAlone, 3),
            perRound = alone.Select((x, i) => new
            {
                alone = Math.Round(x), with = Math.Round(with[i]), ratio = Math.Round(with[i] / x, 3),
                // CPU µs per block in the silo's process and in anvil, during the follow.
                aloneCpuUs = new { silo = Math.Round(aloneCpu[i].Silo, 1), node = Math.Round(aloneCpu[i].Node, 1) },
                withCpuUs = new { silo = Math.Round(withCpu[i].Silo, 1), node = Math.Round(withCpu[i].Node, 1) },
                cpuRatio = Math.Round((aloneCpu[i].Silo + aloneCpu[i].Node) / (withCpu[i].Silo + withCpu[i].Node), 3),
            }),
            runsPerSec = Math.Round(runsPerSec.Max(), 1),
            cyclesPerRun = Math.Round(cyclesPerRun),
            // One core, no cluster: the executor on one block's input, and matching plus input assembly for one block.
            executeUsPerRun = Math.Round(execUs, 1),
            matchUsPerBlock = Math.Round(matchUs, 1),
            liveOutputs = latencies.Count,
            tickToOutputP50Ms = Math.Round(Percentile(latencies, 0.50), 2),
            tickToOutputP99Ms = Math.Round(Percentile(latencies, 0.99), 2),
            tickToOutputMaxMs = Math.Round(latencies.LastOrDefault(), 2),
        }));
        return 0;
    }

    /// <summary>A fresh development silo, started paused, (with the graph deployed,) then following from genesis to the head.</summary>
    private static async Task<Follow> FollowAsync(AnvilNode anvil, ulong head, IReadOnlyList<(string Yaml, byte[] Elf)>? graph)
    {
        var gateway = FreePort.Next();
        var app = SiloHost.Build([
            $"--Http:Port={FreePort.Next()}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={gateway}",
            $"--Ethereum:Rpc={anvil.Rpc}", "--Devnet:Enabled=false", "--Ethereum:PollIntervalMs=20", "--Ethereum:StartPaused=true",
            "--Logging:LogLevel:Default=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ]);
        await app.StartAsync();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        string? id = null;
        var ids = new List<string>();
        if (graph is { } gs)
        {
            await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{gateway}", CancellationToken.None);
            var key = PrivateKey.FromHex(AnvilNode.Key0);
            await Wsc.Client.Storage.StorageClient.PutAsync(conn.Client, new Wsc.Storage.Web3.StorageUrl(key.Address, 31337, "/model/weights.bin"), DevnetZkGraphs.Weights(), key);
            foreach (var g in gs)
            {
                // The first graph's id: the live latency and the per-run figures are its.
                var deployed = await ZkGraphClient.DeployAsync(conn.Client, 31337, g.Yaml, g.Elf, key);
                id ??= deployed.Id;
                ids.Add(deployed.Id);
            }
        }
        await Task.Delay(1000);
        var chain = grains.GetGrain<IChainGrain>("eth-31337");
        // CPU of the follow itself (this process hosts the silo; anvil is its own process): the cores are shared, so wall
        // time alone says little about what the graphs cost.
        var (node0, self0) = (anvil.CpuTime, Process.GetCurrentProcess().TotalProcessorTime);
        var resumedAt = Stopwatch.GetTimestamp();
        await chain.ResumeAsync();
        while ((await chain.GetStatusAsync()).Head is not { } h || h.Number < head)
        {
            await Task.Delay(20);
        }
        var (node1, self1) = (anvil.CpuTime, Process.GetCurrentProcess().TotalProcessorTime);
        // The follow's window on the monotonic clock (`perf record -k CLOCK_MONOTONIC` samples can be cut to it).
        Console.Error.WriteLine($"window {(graph is null ? "alone" : "with")} {resumedAt / (double)Stopwatch.Frequency:F6},{Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:F6}");
        var first = (await chain.GetTicksAsync(0, 0))[0];
        var lastTick = (await chain.GetTicksAsync(head, head))[0];
        var runs = 0L;
        for (var lo = 0UL; lo <= head; lo += 1000)
        {
            runs += (await chain.GetTicksAsync(lo, Math.Min(head, lo + 999))).Where(t => t.Status != TickState.Orphaned).Sum(t => t.ZkGraphRuns);
        }
        if (graph is not null && runs < (long)head)
        {
            throw new InvalidOperationException($"the graph ran on {runs} of {head} blocks with transfers");
        }
        foreach (var g in ids)
        {
            // A graph that failed (a missing blob, say) would run fast and flatter the ratio: refuse such a round.
            var failed = (await grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", g)).OutputsAsync(head - Math.Min(head, 999UL), head))
                .FirstOrDefault(o => o.Error is not null);
            if (failed is not null)
            {
                throw new InvalidOperationException($"graph {g} failed at block {failed.Number}: {failed.Error}");
            }
        }
        var seconds = (lastTick.RecordedUtc - first.SeenUtc).TotalSeconds;
        return new Follow(app, grains, id, (head + 1) / seconds, seconds, runs,
            (self1 - self0).TotalMicroseconds / (head + 1), (node1 - node0).TotalMicroseconds / (head + 1));
    }

    /// <summary>A finished follow: its rate, and the CPU microseconds a block cost in this process (the silo) and in anvil.</summary>
    private sealed record Follow(Microsoft.AspNetCore.Builder.WebApplication App, IGrainFactory Grains, string? GraphId, double Rate, double Seconds, long Runs,
        double SiloCpuUs, double NodeCpuUs) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    /// <summary>Blocks up to <paramref name="blocks"/>, each with <paramref name="transfers"/> token transfers (automine off, explicit nonces).</summary>
    private static async Task<ulong> FillAsync(AnvilNode anvil, int blocks, int transfers)
    {
        var to = (ulong)blocks - 1;
        using var http = new HttpClient();
        await anvil.CallAsync("evm_setAutomine", false);
        var nonce = Quantity(await anvil.CallAsync("eth_getTransactionCount", Account0, "pending"));
        for (var head = Quantity(await anvil.CallAsync("eth_blockNumber")); head < to; head++)
        {
            var batch = Enumerable.Range(0, transfers).Select(i => new
            {
                jsonrpc = "2.0", id = i, method = "eth_sendTransaction",
                @params = new object[]
                {
                    new
                    {
                        from = Account0, to = DevnetContracts.TokenAddress, gas = "0x30000",
                        nonce = "0x" + (nonce + (ulong)i).ToString("x", CultureInfo.InvariantCulture),
                        data = DevnetContracts.EncodeTransfer("0x" + (0x1000 + (int)(head % 64)).ToString("x40", CultureInfo.InvariantCulture), 1 + i),
                    },
                },
            });
            using var resp = await http.PostAsJsonAsync(anvil.Rpc, batch);
            using var doc = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
            if (doc.RootElement.EnumerateArray().Any(r => !r.TryGetProperty("result", out _)))
            {
                throw new InvalidOperationException($"anvil refused a fill transaction: {doc.RootElement.GetRawText()}");
            }
            nonce += (ulong)transfers;
            await anvil.CallAsync("evm_mine");
        }
        await anvil.CallAsync("evm_setAutomine", true);
        return to;
    }

    internal static async Task<JsonElement> SendAndWaitAsync(AnvilNode anvil, object tx)
    {
        var hash = (await anvil.CallAsync("eth_sendTransaction", tx)).GetString();
        var receipt = await anvil.CallAsync("eth_getTransactionReceipt", hash);
        while (receipt.ValueKind == JsonValueKind.Null)
        {
            await Task.Delay(5);
            receipt = await anvil.CallAsync("eth_getTransactionReceipt", hash);
        }
        return receipt;
    }

    internal static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    internal static ulong Quantity(JsonElement e) => ulong.Parse(e.GetString().AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
