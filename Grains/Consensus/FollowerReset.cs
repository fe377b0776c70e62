using System.Globalization;

namespace Wsc.Grains.Consensus;

/// <summary>
/// The rules of `wsc chain reset`: an operator override that restarts a halted follower at a chosen block with a
/// fresh cursor. Only a halted follower, never at or below a final tick, never forward past the cursor, and only
/// from a block whose parent is the tick the node agrees with (so the new branch links to what stays canonical).
/// </summary>
public static class FollowerReset
{
    /// <summary>Throws a one-line <see cref="InvalidOperationException"/> unless a follower in <paramref name="state"/> may restart at <paramref name="from"/>.</summary>
    public static void Check(FollowerState state, ulong from, ulong startBlock)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Halted is null)
        {
            throw new InvalidOperationException("the follower is not halted: reset is only for a follower halted by a deep reorg or a finality contradiction");
        }
        if (from < startBlock)
        {
            throw new InvalidOperationException($"block {N(from)} is below Ethereum:StartBlock {N(startBlock)}");
        }
        if (state.FinalizedTicked is ulong final && from <= final)
        {
            throw new InvalidOperationException($"block {N(from)} is at or below the last final tick {N(final)}: final ticks are never rewritten");
        }
        var next = state.Cursor is ulong c ? c + 1 : startBlock;
        if (from > next)
        {
            throw new InvalidOperationException($"block {N(from)} is past the next block to tick ({N(next)}): a reset never skips blocks");
        }
    }

    /// <summary>
    /// Moves the cursor to just below <paramref name="from"/> (none when it is the start block), with
    /// <paramref name="parentHash"/> (the node's block at from-1, which the tick there must agree with) as the only
    /// window entry, and clears the halt. Ticks above stay for the caller to retract.
    /// </summary>
    public static void Apply(FollowerState state, ulong from, ulong startBlock, string? parentHash)
    {
        Check(state, from, startBlock);
        if (from > startBlock && parentHash is null)
        {
            throw new ArgumentException($"resetting to block {N(from)} needs the hash of block {N(from - 1)}", nameof(parentHash));
        }
        state.Window.Clear();
        if (from == startBlock)
        {
            state.Cursor = null;
        }
        else
        {
            state.Cursor = from - 1;
            state.Window[from - 1] = parentHash!;
        }
        state.Halted = null;
    }

    private static string N(ulong n) => n.ToString(CultureInfo.InvariantCulture);
}
