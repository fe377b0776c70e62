using System.Security.Cryptography;
using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Client.Loadtest;

/// <summary>
/// `prove`: small proof jobs submitted through the Orleans client (`IProofJobGrain.StartAsync`, a fresh job id and a
/// distinct input each), every one awaited until its receipt verified. A request's latency is submission to verified
/// receipt, queueing behind `Proving:MaxQueuedJobs` included; a job that ends `failed` is an error.
/// </summary>
public sealed class ProveScenario(IClusterClient client, byte[] elf) : ILoadScenario
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly string _run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public string Name => "prove";

    public Task PrepareAsync(long requests, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunAsync(long index, CancellationToken cancellationToken)
    {
        var id = $"loadtest-{_run}-{index}";
        var job = client.GetGrain<IProofJobGrain>(id);
        // Each job its own input (the request's number), so no two jobs prove the same statement.
        var view = await job.StartAsync(new ProofRequest(elf, BitConverter.GetBytes(index), null, null, null));
        while (view.State is not (ProofJobState.Verified or ProofJobState.Failed))
        {
            await Task.Delay(Poll, cancellationToken);
            view = await job.GetAsync() ?? throw new InvalidOperationException($"proof job {id} disappeared");
        }
        if (view.State == ProofJobState.Failed)
        {
            throw new InvalidOperationException($"proof job {id}: {view.StateText}");
        }
    }
}
