namespace Wsc.Grains.Interfaces.Proving;

/// <summary>
/// A job as `wsc proofs --json` and `GET /api/proofs` print it: {id, graph, block, blockHash, imageId, state (`queued`,
/// `proving`, `assembling`, `verified`, `failed: reason`), reason, segmentsDone, segmentsTotal, rejections, cycles,
/// segmentLog2, times, segments:[{index, state, silo, prover, attempts, rejections, proveMs, times, error}]}.
/// </summary>
public sealed record ProofJobListing(
    string Id, string? Graph, ulong? Block, string? BlockHash, string ImageId, string State, string? Reason, int SegmentsDone, int SegmentsTotal,
    int Rejections, long Cycles, int SegmentLog2, DateTime CreatedUtc, DateTime? StartedUtc, DateTime? FinishedUtc, IReadOnlyList<ProofSegmentListing> Segments)
{
    public static ProofJobListing From(ProofJobView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Id, v.GraphId, v.Block, v.BlockHash, v.ImageId, v.StateText, v.Reason, v.SegmentsDone, v.Segments.Count, v.Rejections, v.Cycles,
            v.SegmentLog2, v.CreatedUtc, v.StartedUtc, v.FinishedUtc,
            [.. v.Segments.Select(s => new ProofSegmentListing(s.Index, s.State.ToString().ToLowerInvariant(), s.Silo, s.Prover, s.Attempts, s.Rejections, s.ProveMs, s.StartedUtc, s.FinishedUtc, s.LastError))]);
    }
}
