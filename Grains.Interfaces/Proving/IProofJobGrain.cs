namespace Wsc.Grains.Interfaces.Proving;

/// <summary>
/// One proof job (key: job id): plans the segments of a run, fans them out to provers, verifies each proof, re-proves
/// failures, assembles and verifies the receipt, stores it. Durable: the job and its proofs live in the job store, so a
/// job whose silo died resumes where it was on its next activation (a reminder brings it back).
/// </summary>
[Alias("wsc.proving.IProofJobGrain")]
public interface IProofJobGrain : IGrainWithStringKey
{
    /// <summary>Creates the job (idempotent: a job that exists is left as it is) and starts it; returns its view.</summary>
    [Alias("Start")]
    Task<ProofJobView> StartAsync(ProofRequest request);

    /// <summary>The job as it stands, or null when no job has this id.</summary>
    [Alias("Get")]
    Task<ProofJobView?> GetAsync();

    /// <summary>The encoded receipt once the job is verified, else null.</summary>
    [Alias("Receipt")]
    Task<byte[]?> ReceiptAsync();
}
