using Orleans.Concurrency;
using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>
/// A prover (key `prover/{n}`): hands one segment at a time to this silo's <see cref="ProverWorker"/>, which re-creates
/// the trace from the job's program and input and proves it off the scheduler. Placed by <see cref="ProverPlacement"/>;
/// reentrant, so waiting for the worker never blocks the activation (the worker bounds the CPU).
/// </summary>
[ProverPlacement, Reentrant]
public sealed class ProverGrain(ProverWorker worker, ILocalSiloDetails silo) : Grain, IProverGrain
{
    public Task<SegmentResult> ProveAsync(SegmentTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return worker.ProveAsync(task, silo.SiloAddress.ToString(), cancellationToken);
    }
}
