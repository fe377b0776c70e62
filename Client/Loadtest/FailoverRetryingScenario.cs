using Wsc.Client.Cli;

namespace Wsc.Client.Loadtest;

/// <summary>
/// A read scenario whose requests are retried, like the CLI's idempotent calls, when they fail because the cluster is
/// changing (e.g. Orleans' "Silo stopping" rejection from a silo shutting down gracefully while it still hosted the
/// grain): the client a load test stands for would try again, so a graceful roll must cost latency, not errors. The
/// retries are bounded by <paramref name="window"/> (the request timeout), and the time they take counts as latency.
/// Only for scenarios whose requests may safely run twice.
/// </summary>
public sealed class FailoverRetryingScenario(ILoadScenario inner, TimeSpan window, string gateway) : ILoadScenario
{
    private readonly FailoverRetry _retry = new(window);

    public string Name => inner.Name;

    public Task PrepareAsync(long requests, CancellationToken cancellationToken) => inner.PrepareAsync(requests, cancellationToken);

    public Task RunAsync(long index, CancellationToken cancellationToken) =>
        _retry.RunAsync(inner.Name, gateway, async () =>
        {
            await inner.RunAsync(index, cancellationToken);
            return true;
        }, cancellationToken);
}
