namespace Wsc.Grains.Interfaces.Proving;

/// <summary>
/// A proof job as `wsc proofs` and `GET /api/proofs` print it, and as the job store keeps it (the program, input,
/// segment proofs and receipt are bytes in the store, never here): what is proven (graph, block, image), the plan
/// (cycles, segment size, segments), where it stands, why it waits or failed, and its segments.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.proving.ProofJobView")]
public sealed record ProofJobView(
    [property: Id(0)] string Id,
    [property: Id(1)] string? GraphId,
    [property: Id(2)] ulong? Block,
    [property: Id(3)] string? BlockHash,
    [property: Id(4)] string ImageId,
    [property: Id(5)] long Cycles,
    [property: Id(6)] int SegmentLog2,
    [property: Id(7)] ProofJobState State,
    [property: Id(8)] string? Reason,
    [property: Id(9)] int Rejections,
    [property: Id(10)] DateTime CreatedUtc,
    [property: Id(11)] DateTime? StartedUtc,
    [property: Id(12)] DateTime? FinishedUtc,
    [property: Id(13)] IReadOnlyList<ProofSegmentView> Segments)
{
    /// <summary>Segments whose proof verified.</summary>
    public int SegmentsDone => Segments.Count(s => s.State == ProofSegmentState.Verified);

    /// <summary>The state as printed: `queued`, `proving`, ..., `failed: reason`.</summary>
    public string StateText => State == ProofJobState.Failed ? $"failed: {Reason}" : State.ToString().ToLowerInvariant();
}
