namespace Wsc.Grains.Interfaces.Proving;

/// <summary>
/// One segment of a job as `wsc proofs` prints it and as the job store keeps it: state, the prover key and silo of
/// the last attempt, attempts, rejected proofs, times.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.proving.ProofSegmentView")]
public sealed record ProofSegmentView(
    [property: Id(0)] int Index,
    [property: Id(1)] ProofSegmentState State,
    [property: Id(2)] string? Prover,
    [property: Id(3)] string? Silo,
    [property: Id(4)] int Attempts,
    [property: Id(5)] int Rejections,
    [property: Id(6)] DateTime? StartedUtc,
    [property: Id(7)] DateTime? FinishedUtc,
    [property: Id(8)] double? ProveMs,
    [property: Id(9)] string? LastError);
