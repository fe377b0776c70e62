namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>A graph as `wsc zkgraph list|show` and `GET /api/zkgraphs[/{id}]` print it (one graph also with its <see cref="Proving"/>).</summary>
public sealed record ZkGraphView(
    string Id, string Name, ulong ChainId, string Deployer, string Status, string ImageId, string ManifestDigest,
    string ProgramUrl, string ManifestUrl, string Trigger, string Finality, DateTime DeployedUtc)
{
    /// <summary>Its proof jobs (`wsc zkgraph show`, `GET /api/zkgraphs/{id}`); null in lists.</summary>
    public ZkGraphProvingView? Proving { get; init; }

    public static ZkGraphView From(ZkGraphInfo g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var trigger = g.Subscription.OnEvents ? "onEvents" : $"everyNBlocks: {g.Subscription.EveryNBlocks}";
        return new(g.Id, g.Name, g.ChainId, g.Deployer, g.Status.ToString().ToLowerInvariant(), g.ImageId, g.ManifestDigest,
            g.ProgramUrl, g.ManifestUrl, trigger, g.Finality, g.DeployedUtc);
    }
}
