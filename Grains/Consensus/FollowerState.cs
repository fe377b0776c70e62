namespace Wsc.Grains.Consensus;

/// <summary>The consensus grain's persisted state: the cursor and the recent canonical window.</summary>
[GenerateSerializer, Alias("wsc.FollowerState")]
public sealed class FollowerState
{
    /// <summary>The highest block ticked on the canonical chain; null before the first tick.</summary>
    [Id(0)] public ulong? Cursor { get; set; }

    /// <summary>Hashes of the last ticked heights (reorg depth + 1 of them), by number.</summary>
    [Id(1)] public Dictionary<ulong, string> Window { get; set; } = [];

    /// <summary>The highest `safe` block number the node has named (never below <see cref="Finalized"/>; see <see cref="FinalityMarks"/>).</summary>
    [Id(2)] public ulong? Safe { get; set; }

    /// <summary>The highest `finalized` block number the node has named (it never moves back; see <see cref="FinalityMarks"/>).</summary>
    [Id(3)] public ulong? Finalized { get; set; }

    /// <summary>The highest height whose tick has been marked final.</summary>
    [Id(4)] public ulong? FinalizedTicked { get; set; }

    /// <summary>Why the follower stopped (a reorg deeper than allowed); null while it runs.</summary>
    [Id(5)] public string? Halted { get; set; }

    /// <summary>Reorgs handled so far.</summary>
    [Id(6)] public ulong Reorgs { get; set; }

    /// <summary>The node's head when last asked.</summary>
    [Id(7)] public ulong? NodeHead { get; set; }
}
