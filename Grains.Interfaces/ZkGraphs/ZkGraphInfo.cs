namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// A deployed graph as the registry keeps it: identity, where its program lives, its manifest and status, its storage
/// grants, and <see cref="BackfillTo"/>: with a manifest `startBlock` below the chain's head at deploy, the last block
/// ticked before the deploy (the graph runs startBlock..BackfillTo as backfill; later blocks as live ticks), and
/// <see cref="BackfilledThrough"/>, the backfill's persisted cursor, so a new activation (a restarted silo) continues there.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.zkgraphs.ZkGraphInfo")]
public sealed record ZkGraphInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ulong ChainId,
    [property: Id(3)] string Deployer,
    [property: Id(4)] string ManifestDigest,
    [property: Id(5)] string ImageId,
    [property: Id(6)] string ProgramUrl,
    [property: Id(7)] string ManifestUrl,
    [property: Id(8)] string Manifest,
    [property: Id(9)] ZkGraphStatus Status,
    [property: Id(10)] DateTime DeployedUtc,
    [property: Id(11)] ZkGraphSubscription Subscription,
    [property: Id(12)] string Finality,
    [property: Id(13)] Storage.StorageGrant[]? Grants = null,
    [property: Id(14)] ulong? BackfillTo = null,
    [property: Id(15)] ulong? BackfilledThrough = null);
