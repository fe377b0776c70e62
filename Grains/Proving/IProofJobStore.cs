using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>
/// Where proof jobs live: the job (plan and segment status), its program and input, its verified segment proofs and
/// its receipt. Memory in development, PostgreSQL in production (deploy/sql/40-proving.sql). Shared by every silo, so a
/// job resumes on any silo after its own died.
/// </summary>
public interface IProofJobStore
{
    /// <summary>Stores a new job with its program and input; false (and nothing changes) when the id exists.</summary>
    Task<bool> CreateAsync(ProofJobView job, byte[] program, byte[] input);

    /// <summary>
    /// Replaces the job's plan and status (the job must exist). A verified job is never replaced and a failed one only
    /// by verified: while a silo dies Orleans may run a job on two activations for a moment, and the late write of the
    /// one that lost must not turn a finished job back into an unfinished one that nothing resumes (its reminder is gone).
    /// </summary>
    Task SaveAsync(ProofJobView job);

    /// <summary>The job, or null.</summary>
    Task<ProofJobView?> GetAsync(string id);

    /// <summary>The job's program (ELF) and input, or null when no job has this id.</summary>
    Task<(byte[] Program, byte[] Input)?> InputsAsync(string id);

    /// <summary>The newest jobs first, of one graph when `graphId` is given, at most `limit`.</summary>
    Task<IReadOnlyList<ProofJobView>> ListAsync(string? graphId, int limit);

    /// <summary>The states of the jobs among `ids` that exist.</summary>
    Task<IReadOnlyDictionary<string, ProofJobState>> StatesAsync(IReadOnlyCollection<string> ids);

    /// <summary>Stores a verified segment proof (encoded ProvenSegment), replacing one stored before.</summary>
    Task SaveSegmentAsync(string id, int index, byte[] segment);

    /// <summary>The stored segment proofs by index.</summary>
    Task<IReadOnlyDictionary<int, byte[]>> SegmentsAsync(string id);

    /// <summary>Stores the job's verified receipt (encoded).</summary>
    Task SaveReceiptAsync(string id, byte[] receipt);

    /// <summary>The job's receipt, or null.</summary>
    Task<byte[]?> ReceiptAsync(string id);
}
