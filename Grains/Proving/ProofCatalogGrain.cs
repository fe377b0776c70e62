using Orleans.Concurrency;
using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>Lists jobs from the store. A stateless worker: reads need no identity, and the store is shared by every silo.</summary>
[StatelessWorker]
public sealed class ProofCatalogGrain(IProofJobStore store) : Grain, IProofCatalogGrain
{
    public Task<IReadOnlyList<ProofJobView>> ListAsync(string? graphId, int limit)
    {
        if (limit is < 1 or > 1000)
        {
            throw new ArgumentException($"limit {limit}: expected 1..1000");
        }
        return store.ListAsync(graphId, limit);
    }
}
