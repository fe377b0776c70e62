using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Consensus;

/// <summary>Where the follower sends its decisions: the tick grains.</summary>
public interface ITickSink
{
    /// <summary>Runs the tick of a canonical block (recorded final when <paramref name="final"/>); idempotent per (number, hash).</summary>
    Task<TickRecord> TickAsync(VerifiedBlock block, bool final);

    /// <summary>Marks the tick of (number, hash) orphaned.</summary>
    Task RetractAsync(ulong number, string hash);

    /// <summary>The hash of the live (not orphaned) tick at <paramref name="number"/>, or null.</summary>
    Task<string?> CanonicalHashAsync(ulong number);

    /// <summary>Marks the canonical tick at <paramref name="number"/> final.</summary>
    Task FinalizeAsync(ulong number, string hash);
}
