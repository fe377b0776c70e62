namespace Wsc.Grains.Interfaces.Proving;

/// <summary>Reads the job store for `wsc proofs` and `GET /api/proofs` (key 0; read-only, so any silo answers).</summary>
[Alias("wsc.proving.IProofCatalogGrain")]
public interface IProofCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The newest jobs first, of one graph when `graphId` is given, at most `limit` (1..1000).</summary>
    [Alias("List")]
    Task<IReadOnlyList<ProofJobView>> ListAsync(string? graphId, int limit);
}
