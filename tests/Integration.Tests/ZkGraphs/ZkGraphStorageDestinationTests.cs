using System.Text;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.Storage;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.Storage.Directories;
using Wsc.Storage.Web3;
using Wsc.TestKit;
using Wsc.Zk.Graph;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>
/// The `storage` destination on a silo: outputs are written under the prefix the directory's owner granted the cluster's
/// writer at deploy time, and read back verified (grant, grantee's signature, roots, replicas); deploys without a fitting
/// grant and writes outside the prefix are refused in one line and change nothing.
/// </summary>
public sealed class ZkGraphStorageDestinationTests
{
    private static readonly PrivateKey Deployer = PrivateKey.FromHex(AnvilNode.Key0);
    private const string WriterKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil account 1
    private static readonly PrivateKey Writer = PrivateKey.FromHex(WriterKey);

    [Fact]
    public async Task Outputs_land_under_the_granted_prefix_and_read_back_verified_and_nothing_else_is_writable()
    {
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Automation:Key", WriterKey));
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var (yaml, elf) = Graphs.Load("erc20-volume");
        yaml = yaml.Replace("finality: safe", "finality: latest", StringComparison.Ordinal);
        var registry = conn.Client.GetGrain<IZkGraphRegistryGrain>("eth-31337");
        Assert.Equal(Writer.Address.ToString(), await registry.WriterAsync());

        // Refused: no grant, and a grant of another prefix. Nothing changes (no graph, the nonce unmoved).
        var manifest = ZkGraphManifest.Parse(yaml);
        await StorageClient.PutAsync(conn.Client, new StorageUrl(Deployer.Address, 31337, ZkGraphKeys.ManifestPath(manifest.Name)), Encoding.UTF8.GetBytes(yaml), Deployer);
        await StorageClient.PutAsync(conn.Client, new StorageUrl(Deployer.Address, 31337, ZkGraphKeys.ProgramPath(manifest.Name)), elf, Deployer);
        var digest = ZkGraphIdentity.ManifestDigest(manifest);
        var image = Wsc.Zk.Vm.ProgramImage.FromElf(elf).Id;
        var graphId = ZkGraphIdentity.GraphId(digest, image);
        var deployment = new ZkGraphDeployment(31337, Deployer.Address.ToString(), manifest.Name, digest, image.ToString(), 0, "");
        var wrongPrefix = new PrefixGrant(31337, Deployer.Address, "/outputs/other/", Writer.Address, DataDestination.GrantFor(graphId)).Sign(Deployer);
        var noGrant = await Assert.ThrowsAsync<ArgumentException>(() => registry.DeployAsync(ZkGraphClient.Sign(deployment, Deployer)));
        var wrong = await Assert.ThrowsAsync<ArgumentException>(() => registry.DeployAsync(ZkGraphClient.Sign(deployment with
        {
            Grants = [new StorageGrant(wrongPrefix.Owner.ToString(), 31337, wrongPrefix.Prefix, wrongPrefix.Grantee.ToString(), wrongPrefix.For, Hex.Encode(wrongPrefix.Signature))],
        }, Deployer)));
        Assert.Contains("no grant signed by its owner", noGrant.Message, StringComparison.Ordinal);
        Assert.Contains("outside the granted prefix /outputs/other/", wrong.Message, StringComparison.Ordinal);
        Assert.All(new[] { noGrant.Message, wrong.Message }, m => Assert.DoesNotContain('\n', m));
        Assert.Empty(await registry.ListAsync());
        Assert.Equal(0UL, await registry.NextNonceAsync(Deployer.Address.ToString()));

        // Deployed as the CLI does: the deployer signs the grant of /outputs/erc20-volume/ to the cluster's writer.
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, Deployer);
        Assert.Equal(graphId, graph.Id);
        var grant = Assert.Single(graph.Grants!);
        Assert.Equal("/outputs/erc20-volume/", grant.Prefix);

        for (var i = 0; i < 3; i++)
        {
            await token.BlockAsync(i + 1);
        }
        var head = await token.Dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        var outputs = silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id));
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var outs = await outputs.OutputsAsync(0, head);
            return outs.Count >= 3 && outs.All(o => o.Destinations.Length == 1 && o.Destinations[0].Contains("written", StringComparison.Ordinal));
        }, 60, "outputs written to storage");

        foreach (var o in await outputs.OutputsAsync(0, head))
        {
            var url = new StorageUrl(Deployer.Address, 31337, $"/outputs/erc20-volume/{o.Number}.bin");
            Assert.StartsWith($"storage {url}: written", o.Destinations[0], StringComparison.Ordinal);
            var file = await conn.Client.GetGrain<IStorageGatewayGrain>(0).ReadAsync(Deployer.Address.ToString(), 31337, url.Path);
            Assert.NotNull(file);
            Assert.Equal(Convert.ToHexString(o.Output), Convert.ToHexString(file.Bytes));
            Assert.Equal(Writer.Address.ToString(), file.Entry.Grant!.Grantee);
            var verified = await StorageClient.VerifyAsync(conn.Client, url, file, new byte[32]);
            Assert.True(verified.Verified, verified.Problem);
            // A reader who is served other bytes, or the entry without its grant, refuses them.
            var forged = await StorageClient.VerifyAsync(conn.Client, url, file with { Bytes = [.. file.Bytes.Reverse()] }, new byte[32]);
            Assert.False(forged.Verified);
            var stripped = await StorageClient.VerifyAsync(conn.Client, url, file with { Entry = file.Entry with { Grant = null } }, new byte[32]);
            Assert.False(stripped.Verified);
            Assert.Contains("expected the directory owner", stripped.Problem, StringComparison.Ordinal);
        }

        // The writer, holding the graph's grant, cannot write outside its prefix.
        var directory = conn.Client.GetGrain<IStorageDirectoryGrain>(StorageKeys.Directory(Deployer.Address.ToString(), 31337));
        var nonce = await directory.NextNonceAsync();
        var bytes = "not an output"u8.ToArray();
        var outside = StorageWrite.ForFile(31337, Deployer.Address, "/model/weights.bin", bytes, nonce);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => conn.Client.GetGrain<IStorageGatewayGrain>(0).PutAsync(
            new DirectoryWrite(Deployer.Address.ToString(), 31337, false, outside.Path, bytes.Length, outside.RootHex(), nonce, Hex.Encode(outside.Sign(Writer)), grant), bytes));
        Assert.Contains("outside the granted prefix /outputs/erc20-volume/", refused.Message, StringComparison.Ordinal);
        Assert.Null(await directory.GetAsync("/model/weights.bin"));
        Assert.Equal(nonce, await directory.NextNonceAsync());
    }
}
