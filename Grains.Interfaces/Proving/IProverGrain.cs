namespace Wsc.Grains.Interfaces.Proving;

/// <summary>
/// Proves one segment at a time; key `prover/{n}`, n below Proving:Width. The placement spreads the keys across silos
/// (ProverPlacement), so the segments of one job run on several silos at once; each silo bounds its own proving with
/// Proving:Concurrency and runs it off the Orleans scheduler.
/// </summary>
[Alias("wsc.proving.IProverGrain")]
public interface IProverGrain : IGrainWithStringKey
{
    /// <summary>Proves the segment; errors come back in the result, not as exceptions.</summary>
    [Alias("Prove"), ResponseTimeout("01:00:00")]
    Task<SegmentResult> ProveAsync(SegmentTask task, CancellationToken cancellationToken = default);
}
