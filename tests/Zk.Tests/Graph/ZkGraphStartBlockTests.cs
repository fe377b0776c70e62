using Wsc.Zk.Graph;

namespace Wsc.Zk.Tests.Graph;

public sealed class ZkGraphStartBlockTests
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
    public void StartBlock_is_parsed_and_part_of_the_identity_only_when_set()
    {
        var without = ZkGraphManifest.Parse(Yaml);
        Assert.Null(without.StartBlock);
        Assert.DoesNotContain("startBlock", System.Text.Encoding.UTF8.GetString(ZkGraphIdentity.Canonical(without)), StringComparison.Ordinal);
        var with = ZkGraphManifest.Parse(Yaml + "\nstartBlock: 18000000\n");
        Assert.Equal(18_000_000UL, with.StartBlock);
        Assert.Contains("\"startBlock\":18000000", System.Text.Encoding.UTF8.GetString(ZkGraphIdentity.Canonical(with)), StringComparison.Ordinal);
        Assert.NotEqual(ZkGraphIdentity.ManifestDigest(without), ZkGraphIdentity.ManifestDigest(with));
        Assert.NotEqual(ZkGraphIdentity.ManifestDigest(with), ZkGraphIdentity.ManifestDigest(ZkGraphManifest.Parse(Yaml + "\nstartBlock: 18000001\n")));
    }

    [Fact]
    public void A_startBlock_that_is_not_a_block_number_is_one_line()
    {
        var e = Assert.Throws<ManifestException>(() => ZkGraphManifest.Parse(Yaml + "\nstartBlock: -5\n"));
        Assert.Equal("startBlock: '-5' is not a block number", e.Message);
    }

    [Fact]
    public void Storage_destination_urls_expand_the_block_and_name_the_prefix_a_grant_must_cover()
    {
        var d = new DataDestination("storage", null, "web3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266:31337/outputs/zkml/{block}.bin");
        Assert.Equal("web3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266:31337/outputs/zkml/42.bin", d.UrlFor(42));
        Assert.Equal("/outputs/zkml/", d.GrantPrefix());
        Assert.Equal("/outputs/", new DataDestination("storage", null, "web3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266:31337/outputs/{block}/out.bin").GrantPrefix());
        Assert.Equal("/", new DataDestination("storage", null, "web3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266:31337/latest.bin").GrantPrefix());
        Assert.Equal("zkgraph 0xab", DataDestination.GrantFor("0xAB"));
    }
}
