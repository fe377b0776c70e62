namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>A graph as `wsc zkgraph list|show` and `GET /api/zkgraphs[/{id}]` print it.</summary>
public sealed record ZkGraphView(
    string Id, string Name, ulong ChainId, string Deployer, string Status, string ImageId, string ManifestDigest,
    string ProgramUrl, string ManifestUrl, string Trigger, string Finality, DateTime DeployedUtc)
{
    public static ZkGraphView From(ZkGraphInfo g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var trigger = g.Subscription.OnEvents ? "onEvents" : $"everyNBlocks: {g.Subscription.EveryNBlocks}";
        return new(g.Id, g.Name, g.ChainId, g.Deployer, g.Status.ToString().ToLowerInvariant(), g.ImageId, g.ManifestDigest,
            g.ProgramUrl, g.ManifestUrl, trigger, g.Finality, g.DeployedUtc);
    }
}
