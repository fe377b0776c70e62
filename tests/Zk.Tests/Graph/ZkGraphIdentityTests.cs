using Wsc.Zk.Graph;
using Wsc.Zk.Vm;

namespace Wsc.Zk.Tests.Graph;

public sealed class ZkGraphIdentityTests
{
    private const string Yaml = """
        specVersion: 1
        name: erc20-volume
        program: build/erc20-volume.elf
        dataSources:
          - kind: ethereum
            events:
              - address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
                signatures: ["Transfer(address,address,uint256)"]
        trigger: { onEvents: true }
        finality: latest
        """;

    [Fact]
    public void The_digest_ignores_layout_address_case_and_program_path_but_not_behaviour()
    {
        var digest = ZkGraphIdentity.ManifestDigest(ZkGraphManifest.Parse(Yaml));
        var relaid = Yaml.Replace("trigger: { onEvents: true }", "trigger:\n  onEvents: true", StringComparison.Ordinal)
            .Replace("0x5FbDB2315678afecb367f032d93F642f64180aa3", "0x5fbdb2315678afecb367f032d93f642f64180aa3", StringComparison.Ordinal)
            .Replace("build/erc20-volume.elf", "out/x.elf", StringComparison.Ordinal);
        Assert.Equal(digest, ZkGraphIdentity.ManifestDigest(ZkGraphManifest.Parse(relaid)));
        Assert.NotEqual(digest, ZkGraphIdentity.ManifestDigest(ZkGraphManifest.Parse(Yaml.Replace("finality: latest", "finality: safe", StringComparison.Ordinal))));
        Assert.NotEqual(digest, ZkGraphIdentity.ManifestDigest(ZkGraphManifest.Parse(Yaml.Replace("trigger: { onEvents: true }", "trigger: { everyNBlocks: 2 }", StringComparison.Ordinal))));
        Assert.Matches("^0x[0-9a-f]{64}$", digest);
    }

    [Fact]
    public void The_graph_id_binds_manifest_and_image()
    {
        var digest = ZkGraphIdentity.ManifestDigest(ZkGraphManifest.Parse(Yaml));
        var a = new ImageId(new byte[32]);
        var b = new ImageId(Enumerable.Repeat((byte)1, 32).ToArray());
        Assert.Equal(ZkGraphIdentity.GraphId(digest, a), ZkGraphIdentity.GraphId(digest, a));
        Assert.NotEqual(ZkGraphIdentity.GraphId(digest, a), ZkGraphIdentity.GraphId(digest, b));
        Assert.NotEqual(ZkGraphIdentity.GraphId(digest, a), ZkGraphIdentity.GraphId("0x" + new string('0', 64), a));
        Assert.Throws<FormatException>(() => ZkGraphIdentity.GraphId("0x12", a));
    }
}
