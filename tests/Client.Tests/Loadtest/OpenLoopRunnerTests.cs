using Wsc.Client.Loadtest;

namespace Wsc.Client.Tests.Loadtest;

/// <summary>
/// The open-loop rules with a fault-injection fake for the cluster: a slow cluster does not slow the sender, its
/// queueing shows up in the latency, and a run is bounded in count and time.
/// </summary>
public sealed class OpenLoopRunnerTests
{
    private static LoadPlan Plan(double rate, double seconds, int concurrency = 256, double timeout = 10) =>
        new(rate, TimeSpan.FromSeconds(seconds), concurrency, TimeSpan.FromSeconds(timeout));

    [Fact]
    public async Task A_slow_cluster_does_not_slow_the_sender_and_its_queueing_counts_as_latency()
    {
        // The fake cluster serves one request at a time, 100 ms each: 20 requests sent over 1 s take 2 s to serve.
        using var oneAtATime = new SemaphoreSlim(1);
        var sendTimes = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await new OpenLoopRunner().RunAsync("slow", Plan(20, 1), async (_, ct) =>
        {
            sendTimes.Add(clock.Elapsed);
            await oneAtATime.WaitAsync(ct);
            try
            {
                await Task.Delay(100, ct);
            }
            finally
            {
                oneAtATime.Release();
            }
        });

        Assert.Equal(20, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(20, sendTimes.Count);
        // Sent on schedule (the last one is due at 0.95 s), not one after another answer (which would take 2 s).
        Assert.True(sendTimes.Max() < TimeSpan.FromSeconds(1.6), $"last request sent at {sendTimes.Max().TotalSeconds:0.00} s");
        // A closed-loop tool would report about 100 ms; the last request waited for 19 others, about 1 s longer.
        Assert.True(result.MaxMs > 800, $"max {result.MaxMs} ms does not include the queueing");
        Assert.True(result.P50Ms > 300, $"p50 {result.P50Ms} ms does not include the queueing");
        Assert.True(result.Throughput is > 5 and < 15, $"throughput {result.Throughput}/s: the fake serves 10/s");
    }

    [Fact]
    public async Task A_concurrency_limit_delays_sends_but_latency_still_counts_from_the_due_time()
    {
        var result = await new OpenLoopRunner().RunAsync("limited", Plan(50, 0.4, concurrency: 1), async (_, ct) => await Task.Delay(50, ct));
        Assert.Equal(20, result.Requests);
        Assert.Equal(0, result.Errors);
        // 20 x 50 ms served one at a time = 1 s for requests due within 0.4 s: the last is about 0.6 s late.
        Assert.True(result.MaxMs > 450, $"max {result.MaxMs} ms: waiting for a slot was not counted");
    }

    [Fact]
    public async Task Failed_requests_are_errors_and_their_latency_is_not_recorded()
    {
        var runner = new OpenLoopRunner();
        var result = await runner.RunAsync("flaky", Plan(100, 0.2), (i, _) =>
            i % 4 == 0 ? Task.FromException(new InvalidOperationException("refused " + i)) : Task.CompletedTask);
        Assert.Equal(20, result.Requests);
        Assert.Equal(5, result.Errors);
        Assert.StartsWith("refused", runner.FirstError);
        Assert.True(result.MaxMs < 1000);
    }

    [Fact]
    public async Task A_run_ends_by_duration_plus_timeout_and_counts_the_unanswered_as_errors()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runner = new OpenLoopRunner();
        // A cluster that never answers: every request is cut off by --timeout, the run by duration + timeout.
        var result = await runner.RunAsync("hung", Plan(10, 0.5, timeout: 0.5), (_, ct) => Task.Delay(Timeout.Infinite, ct));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"run took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(5, result.Requests);
        Assert.Equal(5, result.Errors);
        Assert.Equal(0, result.Throughput);
        Assert.NotNull(runner.FirstError);
    }

    [Fact]
    public async Task Progress_reports_what_was_sent_and_answered()
    {
        var snapshots = new List<LoadProgress>();
        // Three seconds: the once-a-second update has two chances before the end, even on a busy machine.
        await new OpenLoopRunner().RunAsync("progress", Plan(10, 3), (_, _) => Task.CompletedTask, p =>
        {
            lock (snapshots)
            {
                snapshots.Add(p);
            }
        });
        var last = snapshots[^1];
        Assert.Equal(30, last.Planned);
        Assert.Equal(30, last.Sent);
        Assert.Equal(30, last.Completed);
        Assert.True(snapshots.Count >= 2, "no live update before the end");
    }

    [Theory]
    [InlineData(0, 1, 1, 1, "--rate 0")]
    [InlineData(10, 0, 1, 1, "--duration 0")]
    [InlineData(10, 1, 0, 1, "--concurrency 0")]
    [InlineData(10, 1, 1, 0, "--timeout 0")]
    [InlineData(1e6, 50, 1, 1, "at most 10000000")]
    public void Bad_plans_are_refused_with_the_setting_named(double rate, double seconds, int concurrency, double timeout, string expected)
    {
        Assert.Contains(expected, new LoadPlan(rate, TimeSpan.FromSeconds(seconds), concurrency, TimeSpan.FromSeconds(timeout)).Problem());
    }

    [Theory]
    [InlineData("nonsense", "unknown scenario 'nonsense'")]
    public void Scenarios_without_a_cluster_feature_are_refused_plainly(string name, string expected)
    {
        Assert.Contains(expected, ScenarioCatalog.Problem(name));
    }

    [Fact]
    public void Available_scenarios_are_not_refused()
    {
        foreach (var name in new[] { "ticks", "storage-put", "storage-get", "gateway-get", "zkgraph-outputs", "prove" })
        {
            Assert.Null(ScenarioCatalog.Problem(name));
        }
    }
}
