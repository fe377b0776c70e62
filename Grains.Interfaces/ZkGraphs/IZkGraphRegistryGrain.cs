using Orleans.Concurrency;

namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// The deployed graphs of one chain (key: the chain, `eth-31337`) and the index the tick path matches blocks against.
/// Every change is signed by the graph's deployer; a refused change is an <see cref="ArgumentException"/> with one line
/// and leaves everything as it was.
/// </summary>
[Alias("wsc.zkgraphs.IZkGraphRegistryGrain")]
public interface IZkGraphRegistryGrain : IGrainWithStringKey
{
    /// <summary>The nonce the deployer's next signed deploy or control must carry.</summary>
    [Alias("NextNonce"), ReadOnly]
    Task<ulong> NextNonceAsync(string deployer);

    /// <summary>
    /// The address that signs this cluster's writes to `storage` destinations (the automation key's), which a deploy's
    /// prefix grants must name as grantee; null when the cluster has no automation key.
    /// </summary>
    [Alias("Writer"), ReadOnly]
    Task<string?> WriterAsync();

    /// <summary>
    /// Registers a graph after loading its manifest and program from the deployer's storage directory, checking their
    /// commitments, the manifest digest and the image id against what the deployer signed, and each `storage`
    /// destination's prefix grant.
    /// </summary>
    [Alias("Deploy"), ResponseTimeout("00:02:00")]
    Task<ZkGraphInfo> DeployAsync(ZkGraphDeployment deployment);

    /// <summary>Applies a signed pause, resume or remove; returns the graph as it now stands.</summary>
    [Alias("Control")]
    Task<ZkGraphInfo> ControlAsync(ZkGraphControl control);

    /// <summary>Deployed graphs (removed ones left out).</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<ZkGraphInfo>> ListAsync();

    /// <summary>One graph by id (removed ones included), or null.</summary>
    [Alias("Get"), ReadOnly]
    Task<ZkGraphInfo?> GetAsync(string graphId);

    /// <summary>What the active graphs read and when they run: asked once per live tick or per ledger page of history.</summary>
    [Alias("Subscriptions"), ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<ZkGraphSubscription>> SubscriptionsAsync();

    /// <summary>Records that graph <paramref name="graphId"/>'s backfill ran through block <paramref name="through"/> (never moves back).</summary>
    [Alias("Backfilled")]
    Task BackfilledAsync(string graphId, ulong through);

    /// <summary>Orphans every graph output of block (<paramref name="number"/>, <paramref name="hash"/>): its block left the canonical chain.</summary>
    [Alias("Retract"), AlwaysInterleave]
    Task RetractAsync(ulong number, string hash);
}
