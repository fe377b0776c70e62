namespace Wsc.Grains.Interfaces.Proving;

/// <summary>Where one segment of a proof job stands.</summary>
[GenerateSerializer]
public enum ProofSegmentState
{
    /// <summary>Not assigned (or back after a failed attempt).</summary>
    Pending = 0,

    /// <summary>Assigned to a prover, proof not back yet.</summary>
    Proving = 1,

    /// <summary>Proof back, not yet verified by the job.</summary>
    Proven = 2,

    /// <summary>Proof verified and stored.</summary>
    Verified = 3,
}
