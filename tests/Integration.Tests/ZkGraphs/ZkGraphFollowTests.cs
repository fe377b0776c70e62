using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>
/// The live feeds (Orleans streams): an Orleans client and `wsc zkgraph outputs ID --follow --json` receive a graph's
/// outputs as they are recorded, and `wsc ticks --follow --json` the live ticks.
/// </summary>
public sealed class ZkGraphFollowTests
{
    [Fact]
    public async Task Outputs_and_ticks_are_pushed_to_clients_and_to_wsc_follow_as_they_are_recorded()
    {
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        var silo = await InProcessSilo.StartAsync(anvil.Rpc);
        var siloStopped = false;
        var gateway = $"127.0.0.1:{silo.GatewayPort}";
        await using var conn = await ClusterConnection.ConnectAsync(gateway, CancellationToken.None);
        var (yaml, elf) = Graphs.Inline("follow-numbers", Graphs.BlockNumber);
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, PrivateKey.FromHex(AnvilNode.Key0));

        // An Orleans client's subscription.
        var pushed = new ConcurrentBag<ZkGraphOutput>();
        using var stop = new CancellationTokenSource();
        var subscribed = new TaskCompletionSource();
        var following = ZkGraphClient.FollowAsync(conn.Client, 31337, graph.Id, items =>
        {
            foreach (var o in items)
            {
                pushed.Add(o);
            }
            return Task.CompletedTask;
        }, () =>
        {
            subscribed.TrySetResult();
            return Task.CompletedTask;
        }, stop.Token);
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // One output stored before the CLI starts: it prints the stored outputs, then follows.
        await anvil.MineAsync(1);
        var before = await dev.HeadAsync();
        await silo.WaitForHeadAsync(before);
        var outputs = silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id));
        await InProcessSilo.WaitUntilAsync(async () => (await outputs.OutputsAsync(before, before)).Count == 1, 30, "the first output");

        // The CLI's follow, one JSON document per line.
        var lines = new ConcurrentQueue<string>();
        using var wsc = StartWsc("zkgraph", "outputs", graph.Id, "--follow", "--json", "--gateway", gateway);
        wsc.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lines.Enqueue(line);
            }
        };
        wsc.BeginOutputReadLine();
        var tickLines = new ConcurrentQueue<string>();
        using var ticks = StartWsc("ticks", "--follow", "--json", "--gateway", gateway);
        ticks.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                tickLines.Enqueue(line);
            }
        };
        ticks.BeginOutputReadLine();
        try
        {
            // The CLI is subscribed once it printed the stored outputs.
            await InProcessSilo.WaitUntilAsync(() => Task.FromResult(!lines.IsEmpty || wsc.HasExited), 60, "wsc to print the stored outputs");
            await InProcessSilo.WaitUntilAsync(() => Task.FromResult(!tickLines.IsEmpty || ticks.HasExited), 60, "wsc ticks to print the stored ticks");
            if (wsc.HasExited)
            {
                Assert.Fail("wsc --follow exited: " + await wsc.StandardError.ReadToEndAsync());
            }

            await anvil.MineAsync(3);
            var head = await dev.HeadAsync();
            await silo.WaitForHeadAsync(head);
            var recorded = await outputs.OutputsAsync(before + 1, head);
            Assert.Equal(3, recorded.Count);
            await InProcessSilo.WaitUntilAsync(() => Task.FromResult(recorded.All(r => pushed.Any(p => p.Hash == r.Hash))), 30, "the client to receive the new outputs");
            foreach (var r in recorded)
            {
                var p = pushed.First(x => x.Hash == r.Hash);
                Assert.Equal(r.Number, p.Number);
                Assert.Equal(r.Output, p.Output);
                Assert.Equal(r.InputDigest, p.InputDigest);
            }
            await InProcessSilo.WaitUntilAsync(() => Task.FromResult(recorded.All(r => lines.Any(l => l.Contains(r.Hash, StringComparison.Ordinal)))), 30,
                "wsc --follow to print the new outputs");
            foreach (var line in lines)
            {
                var row = JsonDocument.Parse(line).RootElement;
                Assert.Matches("^0x[0-9a-f]{64}$", row.GetProperty("hash").GetString()!);
                Assert.Equal("0x" + row.GetProperty("block").GetUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("output").GetString());
            }
            Assert.False(wsc.HasExited);

            // wsc ticks --follow printed the live ticks, each with its graph run.
            await InProcessSilo.WaitUntilAsync(() => Task.FromResult(recorded.All(r => tickLines.Any(l => l.Contains($"\"hash\":\"{r.Hash}\"", StringComparison.Ordinal)))), 30,
                "wsc ticks --follow to print the new ticks");
            foreach (var r in recorded)
            {
                var tick = JsonDocument.Parse(tickLines.First(l => l.Contains($"\"hash\":\"{r.Hash}\"", StringComparison.Ordinal))).RootElement;
                Assert.Equal(r.Number, tick.GetProperty("number").GetUInt64());
                Assert.Equal(1, tick.GetProperty("zkGraphRuns").GetInt32());
            }

            // The cluster goes away: both follows end with a one-line error instead of waiting forever.
            await stop.CancelAsync();
            await following;
            await silo.DisposeAsync();
            siloStopped = true;
            foreach (var (process, what) in new[] { (wsc, "wsc: zkgraph outputs --follow"), (ticks, "wsc: ticks --follow") })
            {
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await process.WaitForExitAsync(exit.Token);
                Assert.Equal(1, process.ExitCode);
                var error = (await process.StandardError.ReadToEndAsync()).Trim();
                Assert.StartsWith(what, error, StringComparison.Ordinal);
                Assert.Single(error.Split('\n'));
            }
        }
        finally
        {
            if (!wsc.HasExited)
            {
                wsc.Kill();
            }
            if (!ticks.HasExited)
            {
                ticks.Kill();
            }
            await stop.CancelAsync();
            await following;
            if (!siloStopped)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static Process StartWsc(params string[] args)
    {
        var dll = Path.Combine(Paths.RepoRoot, "Client", "bin",
            new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "wsc.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["WSC_TIMEOUT"] = "5";
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return Process.Start(psi)!;
    }
}
