using System.Text;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Storage.Directories;
using Wsc.Zk.Graph;
using Wsc.Zk.Vm;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// Deploys a graph from inside the cluster (the development profile's examples): the same owner-signed storage writes
/// and signed deploy the CLI sends (Client/ZkGraphs/ZkGraphClient.cs), through the same registry checks.
/// </summary>
public static class ZkGraphDeployer
{
    /// <summary>Stores the manifest and program under `/zkgraphs/NAME/` in the deployer's directory and registers the graph.</summary>
    public static async Task<ZkGraphInfo> DeployAsync(IGrainFactory grains, string chain, ulong chainId, string manifestYaml, byte[] elf, PrivateKey deployer)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(deployer);
        var manifest = ZkGraphManifest.Parse(manifestYaml);
        var image = ProgramImage.FromElf(elf).Id;
        await PutAsync(grains, chainId, ZkGraphKeys.ManifestPath(manifest.Name), Encoding.UTF8.GetBytes(manifestYaml), deployer);
        await PutAsync(grains, chainId, ZkGraphKeys.ProgramPath(manifest.Name), elf, deployer);
        var registry = grains.GetGrain<IZkGraphRegistryGrain>(chain);
        var digest = ZkGraphIdentity.ManifestDigest(manifest);
        var grants = await GrantsAsync(registry, manifest, ZkGraphIdentity.GraphId(digest, image), deployer);
        var deployment = new ZkGraphDeployment(chainId, deployer.Address.ToString(), manifest.Name, digest,
            image.ToString(), await registry.NextNonceAsync(deployer.Address.ToString()), "", grants);
        deployment = deployment with { Signature = Hex.Encode(PersonalMessage.Sign(deployer, deployment.Message())) };
        return await registry.DeployAsync(deployment);
    }

    /// <summary>
    /// The prefix grants of the manifest's `storage` destinations, signed by <paramref name="deployer"/> for the cluster's
    /// writer; null when there are none. A destination in another owner's directory is refused: only its owner can grant it.
    /// </summary>
    public static async Task<StorageGrant[]?> GrantsAsync(IZkGraphRegistryGrain registry, ZkGraphManifest manifest, string graphId, PrivateKey deployer)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(deployer);
        var destinations = ZkGraphGrants.Destinations(manifest);
        if (destinations.Count == 0)
        {
            return null;
        }
        if (await registry.WriterAsync() is not { } writer)
        {
            // A cluster without a writer key writes no outputs and takes the deploy without grants.
            return null;
        }
        return [.. destinations.Select(d =>
        {
            var grant = ZkGraphGrants.Grant(d, graphId, Address.Parse(writer));
            return grant.Owner == deployer.Address
                ? ZkGraphGrants.ToWire(grant.Sign(deployer))
                : throw new ArgumentException($"storage destination {d.Url} is in {grant.Owner}'s directory: only its owner can grant writes there, the deploy key is {deployer.Address}");
        })];
    }

    /// <summary>An owner-signed put of <paramref name="bytes"/> at <paramref name="path"/> in the owner's directory.</summary>
    public static async Task PutAsync(IGrainFactory grains, ulong chainId, string path, byte[] bytes, PrivateKey owner)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(owner);
        var directory = grains.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(owner.Address.ToString(), chainId));
        var write = StorageWrite.ForFile(chainId, owner.Address, path, bytes, await directory.NextNonceAsync());
        var message = new DirectoryWrite(write.Owner.ToString(), write.ChainId, false, write.Path, write.Bytes, write.RootHex(), write.Nonce, Hex.Encode(write.Sign(owner)));
        await grains.GetGrain<IStorageGatewayGrain>(0).PutAsync(message, bytes);
    }
}
