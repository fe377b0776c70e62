namespace Wsc.Zk.Graph;

/// <summary>How final a block must be before the graph runs: latest, safe, finalized, or N confirmations.</summary>
public sealed record ZkGraphFinality(string Kind, int Confirmations)
{
    public static ZkGraphFinality Latest { get; } = new("latest", 0);
}
