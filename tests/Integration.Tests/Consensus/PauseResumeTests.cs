using System.Net;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Consensus;

public sealed class PauseResumeTests
{
    [Fact]
    public async Task A_paused_follower_ticks_nothing_until_resumed_then_catches_up_hash_for_hash()
    {
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await dev.DeployEmitterAsync();
        await anvil.MineAsync(4);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:PollIntervalMs", "50"));
        await silo.WaitForHeadAsync(5);

        await Assert.ThrowsAsync<ArgumentException>(() => silo.Chain.PauseAsync("  "));
        // A chain this silo does not follow cannot be paused (nothing is written for it).
        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<IChainGrain>("eth-1").PauseAsync("wrong chain"));
        Assert.Null((await silo.Chain.GetStatusAsync()).Halted);

        await silo.Chain.PauseAsync("upgrading zkGraphs");
        await silo.Chain.PauseAsync("a second pause keeps the first reason");
        var paused = await silo.Chain.GetStatusAsync();
        Assert.Equal("paused by an operator: upgrading zkGraphs", paused.Halted);
        var cursor = paused.Head!.Number;
        using (var http = new HttpClient())
        {
            // Not ready while nothing is ticked: a load balancer should send readers elsewhere.
            var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{silo.HttpPort}/health/ready"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        for (var i = 0; i < 6; i++)
        {
            await dev.EmitAsync();
        }
        await anvil.MineAsync(20);
        var nodeHead = DevChain.ParseQuantity((await anvil.CallAsync("eth_blockNumber")).GetString()!);
        await Task.Delay(600);
        var still = await silo.Chain.GetStatusAsync();
        Assert.Equal(cursor, still.Head!.Number);
        Assert.Empty(await silo.Chain.GetTicksAsync(cursor + 1, nodeHead));

        await silo.Chain.ResumeAsync();
        Assert.Null((await silo.Chain.GetStatusAsync()).Halted);
        await silo.WaitForHeadAsync(nodeHead);
        var ticks = await silo.Chain.GetTicksAsync(0, nodeHead);
        Assert.Equal(nodeHead + 1, (ulong)ticks.Count);
        for (var n = 0UL; n <= nodeHead; n++)
        {
            var t = ticks[(int)n];
            Assert.Equal(n, t.Number);
            Assert.NotEqual(TickState.Orphaned, t.Status);
            Assert.Equal(await dev.HashAtAsync(n), t.Hash);
        }
        Assert.Equal(6, ticks.Where(t => t.Number > cursor).Sum(t => t.Logs));
    }

    [Fact]
    public async Task A_new_follower_can_start_paused_and_ticks_from_genesis_once_resumed()
    {
        using var anvil = new AnvilNode();
        await anvil.MineAsync(5);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:StartPaused", "true"), ("Ethereum:PollIntervalMs", "50"));
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetStatusAsync()).Halted is not null, 30, "the follower to report its pause");
        await Task.Delay(500);
        var status = await silo.Chain.GetStatusAsync();
        Assert.Contains("Ethereum:StartPaused", status.Halted);
        Assert.Null(status.Head);

        await silo.Chain.ResumeAsync();
        await silo.WaitForHeadAsync(5);
        Assert.Equal(6, (await silo.Chain.GetTicksAsync(0, 5)).Count);
        Assert.Null((await silo.Chain.GetStatusAsync()).Halted);
    }

    [Fact]
    public async Task The_cli_pauses_and_resumes_the_follower_and_refuses_an_empty_reason()
    {
        using var anvil = new AnvilNode();
        await anvil.MineAsync(3);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:PollIntervalMs", "50"));
        await silo.WaitForHeadAsync(3);
        var gateway = $"127.0.0.1:{silo.GatewayPort}";

        var empty = await WscCli.RunAsync("chain", "pause", "--reason", " ", "--gateway", gateway);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("--reason is empty", empty.Stderr);
        Assert.DoesNotContain('\n', empty.Stderr.Trim());
        Assert.Null((await silo.Chain.GetStatusAsync()).Halted);

        var pause = await WscCli.RunAsync("chain", "pause", "--reason", "maintenance window", "--gateway", gateway);
        Assert.True(pause.ExitCode == 0, pause.Stderr);
        var status = await WscCli.RunAsync("chain", "status", "--json", "--gateway", gateway);
        Assert.Equal("paused by an operator: maintenance window", System.Text.Json.JsonDocument.Parse(status.Stdout).RootElement.GetProperty("halted").GetString());
        await anvil.MineAsync(4);
        await Task.Delay(400);
        Assert.Equal(3UL, (await silo.Chain.GetStatusAsync()).Head!.Number);

        var resume = await WscCli.RunAsync("chain", "resume", "--gateway", gateway);
        Assert.True(resume.ExitCode == 0, resume.Stderr);
        await silo.WaitForHeadAsync(7);
    }

    [Fact]
    public async Task Pause_and_resume_answer_in_json_a_second_pause_says_so_and_status_shows_the_distance_to_the_head()
    {
        using var anvil = new AnvilNode();
        await anvil.MineAsync(3);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:PollIntervalMs", "50"));
        await silo.WaitForHeadAsync(3);
        var gateway = $"127.0.0.1:{silo.GatewayPort}";

        var pause = await WscCli.RunAsync("chain", "pause", "--reason", "deploying", "--json", "--gateway", gateway);
        Assert.True(pause.ExitCode == 0, pause.Stderr);
        var first = System.Text.Json.JsonDocument.Parse(pause.Stdout).RootElement;
        Assert.False(first.GetProperty("alreadyPaused").GetBoolean());
        Assert.Equal("paused by an operator: deploying", first.GetProperty("reason").GetString());
        var cursor = first.GetProperty("cursor").GetUInt64();

        var again = await WscCli.RunAsync("chain", "pause", "--reason", "another", "--gateway", gateway);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal($"eth-31337: already paused after block {cursor}: paused by an operator: deploying", again.Stdout.Trim());
        var againJson = await WscCli.RunAsync("chain", "pause", "--reason", "another", "--json", "--gateway", gateway);
        Assert.True(System.Text.Json.JsonDocument.Parse(againJson.Stdout).RootElement.GetProperty("alreadyPaused").GetBoolean());

        // While paused the node keeps going: status shows how far behind the ticks are (it said 0 before).
        await anvil.MineAsync(5);
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetStatusAsync()).TicksBehind >= 5, 10, "ticksBehind to follow the node's head");
        var status = await WscCli.RunAsync("chain", "status", "--json", "--gateway", gateway);
        var doc = System.Text.Json.JsonDocument.Parse(status.Stdout).RootElement;
        Assert.Equal(cursor, doc.GetProperty("head").GetProperty("number").GetUInt64());
        Assert.True(doc.GetProperty("ticksBehind").GetUInt64() >= 5, status.Stdout);

        var resume = await WscCli.RunAsync("chain", "resume", "--json", "--gateway", gateway);
        Assert.True(resume.ExitCode == 0, resume.Stderr);
        var r = System.Text.Json.JsonDocument.Parse(resume.Stdout).RootElement;
        Assert.True(r.GetProperty("resumed").GetBoolean());
        Assert.Equal("paused by an operator: deploying", r.GetProperty("previous").GetString());
        var twice = await WscCli.RunAsync("chain", "resume", "--json", "--gateway", gateway);
        Assert.False(System.Text.Json.JsonDocument.Parse(twice.Stdout).RootElement.GetProperty("resumed").GetBoolean());
        await silo.WaitForHeadAsync(cursor + 5);
    }
}
