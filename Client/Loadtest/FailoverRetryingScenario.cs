using Wsc.Client.Cli;

namespace Wsc.Client.Loadtest;

/// <summary>
/// A read scenario whose requests are retried, like the CLI's idempotent calls, when they fail because the cluster is
/// changing: Orleans' "Silo stopping" rejection from a silo shutting down gracefully while it still hosted the grain,
/// or an attempt left unanswered for <see cref="AttemptTimeout"/> because the silo it went to stopped before
/// answering (the client learns of a stopped gateway late and would otherwise wait for the whole request timeout).
/// The client a load test stands for would try again, so a graceful roll must cost latency, not errors. The retries
/// are bounded by <paramref name="window"/> (the request timeout), and the time they take counts as latency. Only for
/// scenarios whose requests may safely run twice.
/// </summary>
public sealed class FailoverRetryingScenario(ILoadScenario inner, TimeSpan window, string gateway) : ILoadScenario
{
    private readonly FailoverRetry _retry = new(window);

    /// <summary>How long one attempt may go unanswered before it is tried again: reads answer in milliseconds.</summary>
    public TimeSpan AttemptTimeout { get; init; } = window / 4 < TimeSpan.FromSeconds(5) ? window / 4 : TimeSpan.FromSeconds(5);

    public string Name => inner.Name;

    /// <summary>The scenario whose requests are retried.</summary>
    public ILoadScenario Inner => inner;

    public Task PrepareAsync(long requests, CancellationToken cancellationToken) => inner.PrepareAsync(requests, cancellationToken);

    public Task RunAsync(long index, CancellationToken cancellationToken) =>
        _retry.RunAsync(inner.Name, gateway, async () =>
        {
            try
            {
                await inner.RunAsync(index, cancellationToken).WaitAsync(AttemptTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new AttemptTimedOutException($"attempt unanswered after {AttemptTimeout.TotalSeconds:0.###} s");
            }
            return true;
        }, e => FailoverRetry.IsFailover(e) || e is AttemptTimedOutException, cancellationToken);

    /// <summary>This wrapper's own attempt timeout (an Orleans timeout of the call itself is not retried).</summary>
    private sealed class AttemptTimedOutException(string message) : TimeoutException(message);
}
