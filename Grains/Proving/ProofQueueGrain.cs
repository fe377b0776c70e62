using Microsoft.Extensions.Options;
using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>
/// The admission queue (key 0), a thin shell round <see cref="ProofQueue"/>. In memory only: jobs heartbeat, so after
/// its silo dies the queue fills again from the jobs that are still alive.
/// </summary>
public sealed class ProofQueueGrain(IOptions<ProvingOptions> options) : Grain, IProofQueueGrain
{
    private readonly ProofQueue _queue = new(options.Value.MaxQueuedJobs, Expiry(options.Value));

    public Task<string?> AdmitAsync(string jobId)
    {
        var reason = _queue.Admit(jobId, DateTime.UtcNow);
        ProvingMetrics.Queue(_queue.Admitted.Count, _queue.Waiting.Count);
        return Task.FromResult(reason);
    }

    public Task ReleaseAsync(string jobId)
    {
        _queue.Release(jobId);
        ProvingMetrics.Queue(_queue.Admitted.Count, _queue.Waiting.Count);
        return Task.CompletedTask;
    }

    public Task<ProofQueueStatus> StatusAsync() =>
        Task.FromResult(new ProofQueueStatus(_queue.Admitted, [.. _queue.Waiting], _queue.MaxAdmitted));

    // A job heartbeats every poll; thirty missed polls (at least a minute) mean it is gone.
    private static TimeSpan Expiry(ProvingOptions o) => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, o.PollInterval.Ticks * 30));
}
