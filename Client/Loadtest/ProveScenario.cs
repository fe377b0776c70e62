using System.Security.Cryptography;
using Wsc.Client.Cli;
using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Client.Loadtest;

/// <summary>
/// `prove`: small proof jobs submitted through the Orleans client (`IProofJobGrain.StartAsync`, a fresh job id and a
/// distinct input each), every one awaited until its receipt verified. A request's latency is submission to verified
/// receipt, queueing behind `Proving:MaxQueuedJobs` included; a job that ends `failed` is an error. Jobs are durable
/// and resume on another silo when theirs stops or dies, so each call (the start is idempotent per job id, the polls
/// read) is retried through a failover, within the request's timeout: a roll or a crash costs latency, not jobs.
/// </summary>
public sealed class ProveScenario(IClusterClient client, byte[] elf, TimeSpan window, string gateway) : ILoadScenario
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly string _run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly FailoverRetry _retry = new(window);

    /// <summary>How long one call may go unanswered before it is tried again (its silo may have died).</summary>
    public TimeSpan AttemptTimeout { get; init; } = window / 4 < TimeSpan.FromSeconds(10) ? window / 4 : TimeSpan.FromSeconds(10);

    public string Name => "prove";

    // This run's job ids are `loadtest-{run}-{index}` (deploy/local/reliability.sh counts them by that prefix).
    private string JobPrefix => $"loadtest-{_run}-";

    public Task PrepareAsync(long requests, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunAsync(long index, CancellationToken cancellationToken)
    {
        var id = JobPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var job = client.GetGrain<IProofJobGrain>(id);
        // Each job its own input (the request's number), so no two jobs prove the same statement.
        var request = new ProofRequest(elf, BitConverter.GetBytes(index), null, null, null);
        var view = await CallAsync($"proof job {id}: start", () => job.StartAsync(request), cancellationToken);
        while (view.State is not (ProofJobState.Verified or ProofJobState.Failed))
        {
            await Task.Delay(Poll, cancellationToken);
            view = await CallAsync($"proof job {id}: state", job.GetAsync, cancellationToken)
                ?? throw new InvalidOperationException($"proof job {id} disappeared");
        }
        if (view.State == ProofJobState.Failed)
        {
            throw new InvalidOperationException($"proof job {id}: {view.StateText}");
        }
    }

    private Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken ct) =>
        _retry.RunAsync(what, gateway, async () =>
        {
            try
            {
                return await call().WaitAsync(AttemptTimeout, ct);
            }
            catch (TimeoutException)
            {
                throw new UnansweredException($"attempt unanswered after {AttemptTimeout.TotalSeconds:0.###} s");
            }
        }, e => FailoverRetry.IsFailover(e) || e is UnansweredException, ct);

    /// <summary>This scenario's own attempt timeout (an Orleans timeout of the call itself is not retried).</summary>
    private sealed class UnansweredException(string message) : TimeoutException(message);
}
