using Wsc.Chain.Crypto;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Grains.ZkGraphs;
using Wsc.Storage.Directories;
using Wsc.Zk.Graph;

namespace Wsc.Grains.Tests.ZkGraphs;

public sealed class ZkGraphGrantsTests
{
    private static readonly PrivateKey Owner = PrivateKey.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static readonly PrivateKey Writer = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private const string GraphId = "0x00000000000000000000000000000000000000000000000000000000000000aa";

    private static readonly ZkGraphManifest Manifest = ZkGraphManifest.Parse($"""
        specVersion: 1
        name: outs
        program: build/outs.elf
        dataSources:
          - kind: ethereum
            events:
              - address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
                signatures: ["Transfer(address,address,uint256)"]
        trigger: {"{"} everyNBlocks: 1 {"}"}
        finality: latest
        dataDestinations:
          - kind: storage
            url: "web3://{Owner.Address}:31337/outputs/zkml/{"{"}block{"}"}.bin"
        """);

    private static StorageGrant Wire(PrefixGrant g) => ZkGraphGrants.ToWire(g);

    private static PrefixGrant Good => ZkGraphGrants.Grant(Manifest.Destinations[0], GraphId, Writer.Address);

    [Fact]
    public void The_default_grant_covers_the_url_directory_and_every_block_expands_under_it()
    {
        Assert.Equal("/outputs/zkml/", Good.Prefix);
        Assert.Equal($"zkgraph {GraphId}", Good.For);
        Assert.Equal($"web3://{Owner.Address}:31337/outputs/zkml/77.bin", Manifest.Destinations[0].UrlFor(77));
        Assert.Null(ZkGraphGrants.Problem(Manifest, GraphId, [Wire(Good.Sign(Owner))], Writer.Address, 31337));
    }

    [Fact]
    public void Missing_wrong_prefix_foreign_and_extra_grants_are_refused_in_one_line()
    {
        var stranger = PrivateKey.Generate();
        var problems = new[]
        {
            ZkGraphGrants.Problem(Manifest, GraphId, [], Writer.Address, 31337),
            ZkGraphGrants.Problem(Manifest, GraphId, [Wire((Good with { Prefix = "/outputs/other/" }).Sign(Owner))], Writer.Address, 31337),
            ZkGraphGrants.Problem(Manifest, GraphId, [Wire((Good with { Prefix = "/outputs/zkml/x/" }).Sign(Owner))], Writer.Address, 31337),
            ZkGraphGrants.Problem(Manifest, GraphId, [Wire((Good with { For = "zkgraph 0xbb" }).Sign(Owner))], Writer.Address, 31337),
            ZkGraphGrants.Problem(Manifest, GraphId, [Wire((Good with { Grantee = stranger.Address }).Sign(Owner))], Writer.Address, 31337),
            ZkGraphGrants.Problem(Manifest, GraphId, [Wire(Good.Sign(stranger))], Writer.Address, 31337),
            ZkGraphGrants.Problem(Manifest, GraphId, [Wire(Good.Sign(Owner))], null, 31337),
            ZkGraphGrants.Problem(Manifest, GraphId, [Wire(Good.Sign(Owner))], Writer.Address, 1),
            ZkGraphGrants.Problem(Manifest, GraphId, [Wire(Good.Sign(Owner)), Wire((Good with { Prefix = "/model/" }).Sign(Owner))], Writer.Address, 31337),
        };
        Assert.All(problems, p => Assert.False(string.IsNullOrEmpty(p)));
        Assert.All(problems, p => Assert.DoesNotContain('\n', p!));
        Assert.Contains($"no grant signed by its owner {Owner.Address}", problems[0], StringComparison.Ordinal);
        Assert.Contains("outside the granted prefix /outputs/other/", problems[1], StringComparison.Ordinal);
        Assert.Contains("outside the granted prefix /outputs/zkml/x/", problems[2], StringComparison.Ordinal);
        Assert.Contains("is for 'zkgraph 0xbb'", problems[3], StringComparison.Ordinal);
        Assert.Contains($"this cluster writes with {Writer.Address}", problems[4], StringComparison.Ordinal);
        Assert.Contains("expected the directory owner", problems[5], StringComparison.Ordinal);
        Assert.Contains("no writer key", problems[6], StringComparison.Ordinal);
        Assert.Contains("this cluster stores files of chain 1", problems[7], StringComparison.Ordinal);
        Assert.Contains("grant of /model/", problems[8], StringComparison.Ordinal);
    }
}
