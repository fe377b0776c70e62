namespace Wsc.Grains.Interfaces.Proving;

/// <summary>One segment in a <see cref="ProofJobListing"/>: state, the silo and prover key of its last attempt, attempts, rejected proofs, times, last error.</summary>
public sealed record ProofSegmentListing(
    int Index, string State, string? Silo, string? Prover, int Attempts, int Rejections, double? ProveMs, DateTime? StartedUtc, DateTime? FinishedUtc, string? Error);
