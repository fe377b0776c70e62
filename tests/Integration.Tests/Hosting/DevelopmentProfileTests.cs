using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;

namespace Wsc.Integration.Tests.Hosting;

/// <summary>The development default end to end: the silo's own anvil and traffic, the HTTP API and the `wsc` CLI.</summary>
public sealed class DevelopmentProfileTests
{
    private static readonly string[] Statuses = ["pending", "executed", "final", "orphaned"];

    [Fact]
    public async Task The_development_silo_ticks_its_own_devnet_with_events_and_serves_the_api_and_the_cli()
    {
        // A live tail longer than this test's chain: every block above the node's finalized one is ticked live however
        // far a busy machine lets the follower fall behind, so each of them must carry its storage challenge.
        await using var silo = await InProcessSilo.StartDevelopmentAsync(("Devnet:BlockTime", "0.25"), ("Devnet:TrafficEveryBlocks", "1"),
            ("Ethereum:LiveTail", "1000"));
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var s = await silo.Chain.GetStatusAsync();
            return s.Head is { Number: >= 12 } && (await silo.Chain.GetTicksAsync(0, s.Head.Number)).Sum(t => t.Logs) >= 5;
        }, 60, "ticks carrying the devnet's token and pool events");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        var ticks = await http.GetFromJsonAsync<JsonElement>("/api/ticks?from=0&to=5");
        Assert.Equal(6, ticks.GetArrayLength());
        Assert.Equal("0x", ticks[0].GetProperty("hash").GetString()![..2]);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/ticks?from=abc")).StatusCode);
        // Every live tick challenged the storage shards with its block hash. Blocks at or below the node's finalized
        // block met while catching up are history, recorded in bulk without a challenge (docs/consensus.md, "Storage
        // audit"): on the devnet that is block 0 whenever the follower's first step already sees a later head. The
        // status is read after the ticks: the finalized mark only grows, so every tick above it was above it when ticked.
        var recent = await http.GetFromJsonAsync<JsonElement>("/api/ticks");
        var finalized = (await silo.Chain.GetStatusAsync()).Finalized ?? 0;
        var live = recent.EnumerateArray().Where(t => t.GetProperty("number").GetUInt64() > finalized).ToList();
        Assert.True(live.Count >= 10, $"only {live.Count} ticks above the finalized block {finalized}: {recent}");
        Assert.All(live, t => Assert.True(t.GetProperty("storage").GetProperty("shards").GetInt32() > 0, t.ToString()));
        Assert.All(live, t => Assert.Equal(0, t.GetProperty("storage").GetProperty("failures").GetInt32()));
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("wsc_ticks", metrics);

        var gateway = $"127.0.0.1:{silo.GatewayPort}";
        var status = await WscCli.RunAsync("chain", "status", "--json", "--gateway", gateway);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var doc = JsonDocument.Parse(status.Stdout).RootElement;
        foreach (var key in new[] { "chain", "chainId", "head", "safe", "finalized", "ticksBehind", "rpc" })
        {
            Assert.True(doc.TryGetProperty(key, out _), $"chain status lacks {key}: {status.Stdout}");
        }
        Assert.Equal("eth-31337", doc.GetProperty("chain").GetString());
        Assert.Equal(31337UL, doc.GetProperty("chainId").GetUInt64());
        Assert.True(doc.GetProperty("head").GetProperty("number").GetUInt64() >= 12);

        var list = await WscCli.RunAsync("ticks", "--from", "1", "--to", "4", "--json", "--gateway", gateway);
        Assert.True(list.ExitCode == 0, list.Stderr);
        var arr = JsonDocument.Parse(list.Stdout).RootElement;
        Assert.Equal(4, arr.GetArrayLength());
        foreach (var t in arr.EnumerateArray())
        {
            foreach (var key in new[] { "number", "hash", "parentHash", "status", "logs", "receiptsVerified", "zkGraphRuns" })
            {
                Assert.True(t.TryGetProperty(key, out _), $"tick lacks {key}: {t}");
            }
            Assert.Contains(t.GetProperty("status").GetString(), Statuses);
        }

        var unreachable = await WscCli.RunAsync("chain", "status", "--json", "--gateway", $"127.0.0.1:{Wsc.TestKit.FreePort.Next()}");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Equal("", unreachable.Stdout);
        Assert.StartsWith("wsc: cannot connect to the cluster gateway", unreachable.Stderr.Trim());
        Assert.DoesNotContain('\n', unreachable.Stderr.Trim());
    }
}
