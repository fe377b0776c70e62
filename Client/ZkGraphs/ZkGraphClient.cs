using System.Globalization;
using System.Text;
using Orleans.Runtime;
using Orleans.Streams;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Storage;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Storage.Directories;
using Wsc.Storage.Web3;
using Wsc.Zk.Graph;
using Wsc.Zk.Vm;

namespace Wsc.Client.ZkGraphs;

/// <summary>zkGraph operations over an Orleans client, for the CLI and tests: deploy (store, sign, register) and signed controls.</summary>
public static class ZkGraphClient
{
    /// <summary>The registry key of chain <paramref name="chainId"/>.</summary>
    public static string Chain(ulong chainId) => "eth-" + chainId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Stores <paramref name="manifestYaml"/> and <paramref name="elf"/> under `/zkgraphs/NAME/` in the deployer's storage
    /// directory (signed writes), then registers the graph with a deploy the deployer signs over the manifest digest and
    /// image id. The manifest is validated before anything is written.
    /// </summary>
    public static async Task<ZkGraphInfo> DeployAsync(IClusterClient client, ulong chainId, string manifestYaml, byte[] elf, PrivateKey deployer)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(deployer);
        var (manifest, imageId) = Check(manifestYaml, elf);
        await StorageClient.PutAsync(client, new StorageUrl(deployer.Address, chainId, ZkGraphKeys.ManifestPath(manifest.Name)), Encoding.UTF8.GetBytes(manifestYaml), deployer);
        await StorageClient.PutAsync(client, new StorageUrl(deployer.Address, chainId, ZkGraphKeys.ProgramPath(manifest.Name)), elf, deployer);
        var registry = client.GetGrain<IZkGraphRegistryGrain>(Chain(chainId));
        var digest = ZkGraphIdentity.ManifestDigest(manifest);
        var grants = Grants(manifest, ZkGraphIdentity.GraphId(digest, imageId), await registry.WriterAsync(), deployer);
        var deployment = new ZkGraphDeployment(chainId, deployer.Address.ToString(), manifest.Name, digest,
            imageId.ToString(), await registry.NextNonceAsync(deployer.Address.ToString()), "", grants);
        return await registry.DeployAsync(Sign(deployment, deployer));
    }

    /// <summary>
    /// One prefix grant per `storage` destination (docs/storage.md), signed by <paramref name="deployer"/> for the cluster's
    /// <paramref name="writer"/>; null when the manifest has none or the cluster has no writer key (it then writes no outputs,
    /// and the registry takes the deploy without grants). One-line refusal: a destination in a directory the deployer does not own.
    /// </summary>
    public static StorageGrant[]? Grants(ZkGraphManifest manifest, string graphId, string? writer, PrivateKey deployer)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(deployer);
        var destinations = manifest.Destinations.Where(d => d.Kind == "storage").ToList();
        if (destinations.Count == 0 || writer is null)
        {
            return null;
        }
        if (!Address.TryParse(writer, out var grantee))
        {
            throw new ArgumentException($"the cluster names writer '{writer}': expected 0x and 40 hex digits");
        }
        return [.. destinations.Select(d =>
        {
            var url = StorageUrl.Parse(d.Url!);
            if (url.Owner != deployer.Address)
            {
                throw new ArgumentException($"storage destination {d.Url} is in {url.Owner}'s directory: only its owner can grant writes there, the deploy key is {deployer.Address}");
            }
            var grant = new PrefixGrant(url.ChainId, url.Owner, d.GrantPrefix(), grantee, DataDestination.GrantFor(graphId)).Sign(deployer);
            return new StorageGrant(grant.Owner.ToString(), grant.ChainId, grant.Prefix, grant.Grantee.ToString(), grant.For, Hex.Encode(grant.Signature));
        })];
    }

    /// <summary>
    /// Subscribes to the live feed of <paramref name="graphId"/>'s outputs (<see cref="Wsc.Grains.Interfaces.LiveFeeds"/>) and calls
    /// <paramref name="onOutputs"/> with each item as the graph records it, until <paramref name="ct"/> is cancelled;
    /// then unsubscribes. <paramref name="subscribed"/> runs once the subscription is in place (outputs recorded after
    /// it are delivered).
    /// </summary>
    public static async Task FollowAsync(IClusterClient client, ulong chainId, string graphId, Func<ZkGraphOutput[], Task> onOutputs,
        Func<Task>? subscribed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(onOutputs);
        var stream = client.GetStreamProvider(Wsc.Grains.Interfaces.LiveFeeds.Provider)
            .GetStream<ZkGraphOutput[]>(StreamId.Create(Wsc.Grains.Interfaces.LiveFeeds.ZkGraphOutputsNamespace, Wsc.Grains.Interfaces.LiveFeeds.ZkGraphOutputsKey(Chain(chainId), graphId.ToLowerInvariant())));
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = await stream.SubscribeAsync((items, _) => onOutputs(items), e =>
        {
            ended.TrySetException(e);
            return Task.CompletedTask;
        }, () =>
        {
            ended.TrySetResult();
            return Task.CompletedTask;
        });
        try
        {
            if (subscribed is not null)
            {
                await subscribed();
            }
            await ended.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            // A cluster that is gone never answers: do not wait on it to leave.
            try
            {
                await handle.UnsubscribeAsync().WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException)
            {
            }
        }
    }

    /// <summary>Signs a deploy (EIP-191 over its message).</summary>
    public static ZkGraphDeployment Sign(ZkGraphDeployment deployment, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(key);
        return deployment with { Signature = Hex.Encode(PersonalMessage.Sign(key, deployment.Message())) };
    }

    /// <summary>Signs and applies a pause, resume or remove of <paramref name="graphId"/> with the deployer's key.</summary>
    public static async Task<ZkGraphInfo> ControlAsync(IClusterClient client, ulong chainId, string graphId, ZkGraphAction action, PrivateKey deployer)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(deployer);
        var registry = client.GetGrain<IZkGraphRegistryGrain>(Chain(chainId));
        var control = new ZkGraphControl(chainId, graphId.ToLowerInvariant(), action, await registry.NextNonceAsync(deployer.Address.ToString()), "");
        control = control with { Signature = Hex.Encode(PersonalMessage.Sign(deployer, control.Message())) };
        return await registry.ControlAsync(control);
    }

    /// <summary>The parsed manifest and the program's image id; a bad manifest or ELF is an <see cref="ArgumentException"/> with one line.</summary>
    public static (ZkGraphManifest Manifest, ImageId ImageId) Check(string manifestYaml, byte[] elf)
    {
        ZkGraphManifest manifest;
        try
        {
            manifest = ZkGraphManifest.Parse(manifestYaml);
        }
        catch (ManifestException e)
        {
            throw new ArgumentException("zkgraph.yaml: " + e.Message);
        }
        try
        {
            return (manifest, ProgramImage.FromElf(elf).Id);
        }
        catch (ElfFormatException e)
        {
            throw new ArgumentException("program: " + e.Message);
        }
    }
}
