namespace Wsc.Grains.Interfaces.Proving;

/// <summary>Where a proof job stands.</summary>
[GenerateSerializer]
public enum ProofJobState
{
    /// <summary>Planned, waiting for a proving slot (Proving:MaxQueuedJobs jobs are proving already).</summary>
    Queued = 0,

    /// <summary>Segments are being proven and verified.</summary>
    Proving = 1,

    /// <summary>Every segment verified; the receipt is being assembled and verified.</summary>
    Assembling = 2,

    /// <summary>The receipt verified and is stored.</summary>
    Verified = 3,

    /// <summary>The job cannot finish (the run traps, the prover cannot prove it, a segment failed too often).</summary>
    Failed = 4,
}
