using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Consensus;

/// <summary>Where the follower sends its decisions: the tick grains and the tick ledger.</summary>
public interface ITickSink
{
    /// <summary>Runs the tick of a canonical block (recorded final when <paramref name="final"/>); idempotent per (number, hash).</summary>
    Task<TickRecord> TickAsync(VerifiedBlock block, bool final);

    /// <summary>
    /// Records consecutive blocks met while catching up (the follower had newer blocks waiting): history, recorded in
    /// bulk without a per-block cycle; those at or below <paramref name="finalizedThrough"/> final, the rest executed.
    /// Idempotent per (number, hash); returns the records in order.
    /// </summary>
    async Task<IReadOnlyList<TickRecord>> RecordHistoryAsync(IReadOnlyList<VerifiedBlock> blocks, ulong? finalizedThrough)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var records = new List<TickRecord>(blocks.Count);
        foreach (var block in blocks)
        {
            records.Add(await TickAsync(block, final: block.Header.Number <= finalizedThrough));
        }
        return records;
    }

    /// <summary>Marks the tick of (number, hash) orphaned.</summary>
    Task RetractAsync(ulong number, string hash);

    /// <summary>The hash of the live (not orphaned) tick at <paramref name="number"/>, or null.</summary>
    Task<string?> CanonicalHashAsync(ulong number);

    /// <summary>Marks the canonical tick at <paramref name="number"/> final.</summary>
    Task FinalizeAsync(ulong number, string hash);

    /// <summary>Marks the canonical ticks <paramref name="from"/>..<paramref name="to"/> final (hashes from the follower's window where known).</summary>
    async Task FinalizeRangeAsync(ulong from, ulong to, IReadOnlyDictionary<ulong, string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        for (var n = from; n <= to; n++)
        {
            await FinalizeAsync(n, hashes.GetValueOrDefault(n, ""));
        }
    }
}
