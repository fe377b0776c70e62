namespace Wsc.Grains.Interfaces.Proving;

/// <summary>
/// The cluster's admission of proof jobs (key 0): at most Proving:MaxQueuedJobs jobs prove at once, the others wait
/// in order. Jobs heartbeat with <see cref="AdmitAsync"/>, so the queue rebuilds itself after its silo dies.
/// </summary>
[Alias("wsc.proving.IProofQueueGrain")]
public interface IProofQueueGrain : IGrainWithIntegerKey
{
    /// <summary>Null when `jobId` may prove now, else why it waits (its place in the queue).</summary>
    [Alias("Admit")]
    Task<string?> AdmitAsync(string jobId);

    /// <summary>The job finished (or failed): its slot goes to the next waiting job.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string jobId);

    /// <summary>Jobs proving and jobs waiting, in order.</summary>
    [Alias("Status")]
    Task<ProofQueueStatus> StatusAsync();
}
