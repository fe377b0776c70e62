using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Hosting;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Hosting;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_turns_503_naming_the_halt_once_a_deep_reorg_halts_the_follower()
    {
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await dev.DeployEmitterAsync();
        for (var i = 0; i < 5; i++)
        {
            await dev.EmitAsync();
        }
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:ReorgDepth", "2"));
        await silo.WaitForHeadAsync(6);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };
        await InProcessSilo.WaitUntilAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, 30, "ready while ticking");

        await anvil.CallAsync("anvil_reorg", 4, new object[]
        {
            new object[] { new { from = DevChain.Account0, to = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", value = "0x1" }, 0 },
        });
        await anvil.MineAsync(2);
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetStatusAsync()).Halted is not null, 60, "the follower to halt");

        // The cached answer may say "ready" for up to CacheFor; then the halt shows.
        await InProcessSilo.WaitUntilAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            (int)ChainReadiness.CacheFor.TotalSeconds + 5, "not ready after the halt");
        using var response = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("not ready", body.GetProperty("status").GetString());
        var reason = body.GetProperty("reason").GetString()!;
        Assert.Contains("eth-31337 is halted", reason);
        Assert.Contains("deeper than 2", reason);
        // Liveness is unaffected: the process is fine, it is the clock that needs an operator.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Ready_is_503_while_the_follower_has_not_ticked_a_block()
    {
        using var anvil = new AnvilNode();
        // The first block to tick is far beyond the node's head: the follower runs but has nothing to tick.
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:StartBlock", "1000"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };

        using var response = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var reason = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString()!;
        Assert.Contains("eth-31337 has not ticked a block yet", reason);
        Assert.Null((await silo.Chain.GetStatusAsync()).Head);
    }

    [Fact]
    public async Task The_chain_status_is_fetched_once_per_cache_period_however_often_ready_is_asked()
    {
        var startup = new ReadinessState();
        startup.Ready();
        var time = new ManualClock();
        var calls = 0;
        var status = Status(head: new BlockRef(7, "0x07"), halted: null);
        var readiness = new ChainReadiness(startup, () =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(status);
        }, time);

        for (var i = 0; i < 100; i++)
        {
            Assert.Null(await readiness.NotReadyReasonAsync());
        }
        Assert.Equal(1, calls);

        status = Status(head: new BlockRef(7, "0x07"), halted: "a reorg deeper than 64 blocks");
        time.Advance(ChainReadiness.CacheFor - TimeSpan.FromMilliseconds(1));
        Assert.Null(await readiness.NotReadyReasonAsync());
        Assert.Equal(1, calls);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("chain follower eth-31337 is halted: a reorg deeper than 64 blocks", await readiness.NotReadyReasonAsync());
        Assert.Equal("chain follower eth-31337 is halted: a reorg deeper than 64 blocks", await readiness.NotReadyReasonAsync());
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Concurrent_scrapes_share_one_status_call_and_a_failing_call_is_not_ready()
    {
        var startup = new ReadinessState();
        startup.Ready();
        var time = new ManualClock();
        var calls = 0;
        var answer = new TaskCompletionSource<ChainStatus>();
        var readiness = new ChainReadiness(startup, () =>
        {
            Interlocked.Increment(ref calls);
            return answer.Task;
        }, time);

        var scrapes = Enumerable.Range(0, 20).Select(_ => readiness.NotReadyReasonAsync()).ToArray();
        answer.SetException(new InvalidOperationException("silo gone"));
        var reasons = await Task.WhenAll(scrapes);

        Assert.Equal(1, calls);
        Assert.All(reasons, r => Assert.Equal("chain follower status unavailable: silo gone", r));
    }

    [Fact]
    public async Task Before_start_up_completes_the_start_up_reason_wins_and_the_grain_is_not_asked()
    {
        var calls = 0;
        var readiness = new ChainReadiness(new ReadinessState(), () =>
        {
            calls++;
            return Task.FromResult(Status(head: null, halted: null));
        }, new ManualClock());

        Assert.Equal("starting", await readiness.NotReadyReasonAsync());
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Reasons_name_the_halt_or_the_missing_first_tick_with_the_last_error()
    {
        Assert.Null(ChainReadiness.Reason(Status(new BlockRef(1, "0x01"), null)));
        Assert.Equal("chain follower eth-31337 is halted: finalized block 9 contradicts the tick",
            ChainReadiness.Reason(Status(new BlockRef(1, "0x01"), "finalized block 9 contradicts the tick")));
        Assert.Equal("chain follower eth-31337 has not ticked a block yet", ChainReadiness.Reason(Status(null, null)));
        Assert.Equal("chain follower eth-31337 has not ticked a block yet: connection refused",
            ChainReadiness.Reason(Status(null, null) with { LastError = "connection refused" }));
    }

    private static ChainStatus Status(BlockRef? head, string? halted) =>
        new("eth-31337", 31337, head, null, null, 0, "http://127.0.0.1:8545", halted, null, 0, "S127.0.0.1:11111:1");

    /// <summary>A clock that moves only when told (timers stay real: nothing here waits on them).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
