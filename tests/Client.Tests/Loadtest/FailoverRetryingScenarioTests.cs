using Orleans.Runtime;
using Wsc.Client.Loadtest;

namespace Wsc.Client.Tests.Loadtest;

/// <summary>
/// Read scenarios under a graceful roll: requests rejected by a stopping silo (Orleans' "Silo stopping", injected
/// here; the real one is in LocalClusterTests) are tried again and count as slow, not failed; other failures and
/// failures outlasting the window still count as errors.
/// </summary>
public sealed class FailoverRetryingScenarioTests
{
    private static readonly LoadPlan Plan = new(50, TimeSpan.FromSeconds(0.4), 64, TimeSpan.FromSeconds(5));

    // Orleans makes this exception only inside its messaging (internal constructor): the one it sends for "Silo stopping".
    private static OrleansMessageRejectionException SiloStopping() => (OrleansMessageRejectionException)Activator.CreateInstance(
        typeof(OrleansMessageRejectionException), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance,
        null, ["Silo stopping"], null)!;

    private sealed class Scenario(Func<long, int, Task> request) : ILoadScenario
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> _attempts = new();

        public string Name => "ticks";

        public int Attempts => _attempts.Values.Sum();

        public Task PrepareAsync(long requests, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RunAsync(long index, CancellationToken cancellationToken) =>
            request(index, _attempts.AddOrUpdate(index, 1, (_, n) => n + 1));
    }

    [Fact]
    public async Task Requests_rejected_by_a_stopping_silo_are_answered_on_a_later_attempt()
    {
        // Every third request first reaches the stopping silo.
        var scenario = new Scenario((i, attempt) => i % 3 == 0 && attempt == 1
            ? throw SiloStopping()
            : Task.CompletedTask);
        var result = await new OpenLoopRunner().RunAsync("ticks", Plan, new FailoverRetryingScenario(scenario, Plan.RequestTimeout, "gw:1").RunAsync);
        Assert.Equal(20, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(20 + 7, scenario.Attempts);
        // The retry's pause (250 ms) is in the latency of the requests that needed it.
        Assert.True(result.MaxMs >= 240, $"max {result.MaxMs} ms");

        // Without the retry the same rejections are errors: the fix is what makes the difference.
        var bare = new Scenario((i, attempt) => i % 3 == 0 && attempt == 1
            ? throw SiloStopping()
            : Task.CompletedTask);
        Assert.Equal(7, (await new OpenLoopRunner().RunAsync("ticks", Plan, bare.RunAsync)).Errors);
    }

    [Fact]
    public async Task Other_failures_and_a_rejection_outlasting_the_window_are_still_errors()
    {
        var wrong = new Scenario((i, _) => i == 0 ? throw new InvalidOperationException("the cluster answered with no ticks") : Task.CompletedTask);
        var result = await new OpenLoopRunner().RunAsync("ticks", Plan, new FailoverRetryingScenario(wrong, Plan.RequestTimeout, "gw:1").RunAsync);
        Assert.Equal(1, result.Errors);
        Assert.Equal(20, wrong.Attempts);

        var stopping = new Scenario((i, _) => i == 0 ? throw SiloStopping() : Task.CompletedTask);
        var runner = new OpenLoopRunner();
        result = await runner.RunAsync("ticks", Plan, new FailoverRetryingScenario(stopping, TimeSpan.FromSeconds(1), "gw:1").RunAsync);
        Assert.Equal(1, result.Errors);
        Assert.StartsWith("ticks: the cluster at gw:1 did not answer for 1 s", runner.FirstError);
    }

    [Fact]
    public async Task An_attempt_left_unanswered_by_a_stopped_silo_is_tried_again_after_the_attempt_timeout()
    {
        // The first attempt of request 0 went to a silo that stopped without answering: it never completes.
        var lost = new TaskCompletionSource();
        var scenario = new Scenario((i, attempt) => i == 0 && attempt == 1 ? lost.Task : Task.CompletedTask);
        var retrying = new FailoverRetryingScenario(scenario, Plan.RequestTimeout, "gw:1") { AttemptTimeout = TimeSpan.FromMilliseconds(300) };
        var result = await new OpenLoopRunner().RunAsync("ticks", Plan, retrying.RunAsync);
        Assert.Equal(0, result.Errors);
        Assert.Equal(21, scenario.Attempts);
        Assert.True(result.MaxMs >= 500, $"max {result.MaxMs} ms: the attempt timeout and the pause count as latency");
    }
}
