using Orleans.Concurrency;

namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>One clock cycle per block height (key: `eth-{chainId}/{number}`); keeps a record per block hash seen.</summary>
[Alias("wsc.IBlockTickGrain")]
public interface IBlockTickGrain : IGrainWithStringKey
{
    /// <summary>Runs the cycle for this block; a replay of the same block returns the stored record unchanged.</summary>
    [Alias("Process")]
    Task<TickRecord> ProcessAsync(TickInput input);

    /// <summary>Marks the record of <paramref name="hash"/> orphaned (its block left the canonical chain).</summary>
    [Alias("Retract")]
    Task RetractAsync(string hash);

    /// <summary>Marks the record of <paramref name="hash"/> final.</summary>
    [Alias("Finalize")]
    Task FinalizeAsync(string hash);

    /// <summary>Every record at this height (at most one is not orphaned).</summary>
    [Alias("GetRecords"), ReadOnly]
    Task<IReadOnlyList<TickRecord>> GetRecordsAsync();
}
