namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>Where a graph's output for one block stands.</summary>
[GenerateSerializer]
public enum ZkGraphOutputStatus
{
    /// <summary>Run on a canonical block, not yet final by the graph's finality.</summary>
    Executed = 0,

    /// <summary>Final by the graph's finality (latest, safe, finalized or N confirmations).</summary>
    Final = 1,

    /// <summary>Its block left the canonical chain.</summary>
    Orphaned = 2,

    /// <summary>The run trapped, hit the cycle limit, exited non-zero, or its input could not be assembled.</summary>
    Failed = 3,
}
