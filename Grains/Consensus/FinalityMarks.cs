namespace Wsc.Grains.Consensus;

/// <summary>
/// The rule for the node's safe and finalized marks kept in <see cref="FollowerState"/> (what the chain status shows
/// and zkGraph outputs are labelled by). Status is read between the steps of a follow step, so the marks only ever
/// move forward: a node answering no block for a tag (a restarted or lagging backend) or a lower one does not take a
/// mark back, and safe is never reported below finalized (a finalized block is safe by definition).
/// </summary>
public static class FinalityMarks
{
    /// <summary>Takes the node's latest answers (null: the node named no block) into <paramref name="state"/>.</summary>
    public static void Apply(FollowerState state, ulong? safe, ulong? finalized)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Finalized = Max(state.Finalized, finalized);
        state.Safe = Max(Max(state.Safe, safe), state.Finalized);
    }

    private static ulong? Max(ulong? a, ulong? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
