using Orleans.Concurrency;

namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>
/// The tick records of one page of heights (key: `eth-{chainId}/ticks/{page}`, <see cref="PageSize"/> heights a
/// page). Every tick record lives here, whoever wrote it: the block-tick grain of a live block, or the consensus
/// grain recording a run of already-final blocks in one call while catching up. At most one record per height is
/// not orphaned, and a final record is never replaced.
/// </summary>
[Alias("wsc.ITickLedgerGrain")]
public interface ITickLedgerGrain : IGrainWithStringKey
{
    /// <summary>Heights per page.</summary>
    const ulong PageSize = 256;

    /// <summary>
    /// Records ticks (status executed or final) of distinct heights in this page in one state write; a record for a
    /// block already recorded is idempotent (returns the stored one; executed becomes final). Returns the stored
    /// record of each input, in order.
    /// </summary>
    [Alias("Record")]
    Task<IReadOnlyList<TickRecord>> RecordAsync(IReadOnlyList<TickRecord> records);

    /// <summary>Marks the record of (<paramref name="number"/>, <paramref name="hash"/>) orphaned.</summary>
    [Alias("Retract")]
    Task RetractAsync(ulong number, string hash);

    /// <summary>
    /// Marks executed records from <paramref name="from"/> to <paramref name="to"/> final; where
    /// <paramref name="hashes"/> names a height's hash, only a record of that hash.
    /// </summary>
    [Alias("Finalize")]
    Task FinalizeAsync(ulong from, ulong to, IReadOnlyDictionary<ulong, string> hashes);

    /// <summary>Records from <paramref name="from"/> to <paramref name="to"/> (clamped to the page), by height, orphans first.</summary>
    [Alias("Get"), ReadOnly]
    Task<IReadOnlyList<TickRecord>> GetAsync(ulong from, ulong to);
}
