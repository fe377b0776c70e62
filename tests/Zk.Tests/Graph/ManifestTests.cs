using Wsc.Zk.Graph;

namespace Wsc.Zk.Tests.Graph;

/// <summary>zkgraph.yaml parsing and validation with errors that name the field.</summary>
public sealed class ManifestTests
{
    private const string Architecture = """
        specVersion: 1
        name: erc20-volume
        program: build/erc20-volume.elf
        dataSources:
          - kind: ethereum
            events:
              - address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
                signatures: ["Transfer(address,address,uint256)"]
            storage:
              - address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
                slots: ["0x0"]
          - kind: storage
            urls: ["web3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266:31337/model/weights.bin"]
        trigger: { onEvents: true }
        finality: latest
        dataDestinations:
          - kind: ethereum
            address: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"
          - kind: storage
            url: "web3://0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0:31337/outputs/{block}.bin"
        """;

    [Fact]
    public void Proving_is_always_by_default_never_or_on_destination_by_choice_and_refused_otherwise_with_the_field_named()
    {
        var m = ZkGraphManifest.Parse(Architecture);
        Assert.Equal(ZkGraphProving.Always, m.Proving);
        Assert.True(m.Proves);
        Assert.False(ZkGraphManifest.Parse(Architecture + "\nproving: never").Proves);
        var onDestination = ZkGraphManifest.Parse(Architecture + "\nproving: onDestination");
        Assert.Equal(ZkGraphProving.OnDestination, onDestination.Proving);
        Assert.True(onDestination.Proves);
        Assert.False((onDestination with { Destinations = [] }).Proves);
        Assert.Equal("proving: 'sometimes' must be always, never or onDestination",
            Assert.Throws<ManifestException>(() => ZkGraphManifest.Parse(Architecture + "\nproving: sometimes")).Message);
        // The default leaves the canonical form (and so every graph id deployed before `proving`) as it was.
        Assert.Equal(ZkGraphIdentity.Canonical(m), ZkGraphIdentity.Canonical(ZkGraphManifest.Parse(Architecture + "\nproving: always")));
        Assert.NotEqual(ZkGraphIdentity.Canonical(m), ZkGraphIdentity.Canonical(ZkGraphManifest.Parse(Architecture + "\nproving: never")));
        Assert.DoesNotContain("proving", System.Text.Encoding.UTF8.GetString(ZkGraphIdentity.Canonical(m)));
    }

    [Fact]
    public void ParsesTheArchitectureExample()
    {
        var m = ZkGraphManifest.Parse(Architecture);
        Assert.Equal("erc20-volume", m.Name);
        Assert.Equal("build/erc20-volume.elf", m.Program);
        Assert.Equal("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Convert.ToHexStringLower(m.Events[0].Topics[0]));
        Assert.Equal(new byte[32], m.StorageSlots[0].Slots[0]);
        Assert.Single(m.BlobUrls);
        Assert.True(m.Trigger.OnEvents);
        Assert.Equal("latest", m.Finality.Kind);
        Assert.Equal(2, m.Destinations.Count);
        Assert.Equal("2", m.Build.Optimization);
    }

    [Fact]
    public void ParsesEveryExampleManifest()
    {
        foreach (var dir in Directory.GetDirectories(Path.Combine(Examples.Sdk, "examples")))
            Assert.Equal(Path.GetFileName(dir), ZkGraphManifest.Load(Path.Combine(dir, "zkgraph.yaml")).Name);
    }

    [Theory]
    [InlineData("specVersion: 1", "specVersion: 2", "specVersion: 2 is not supported")]
    [InlineData("name: erc20-volume", "name: Bad_Name", "name: 'Bad_Name'")]
    [InlineData("program: build/erc20-volume.elf", "program: ../x.elf", "program:")]
    [InlineData("program: build/erc20-volume.elf\n", "", "program: required field is missing")]
    [InlineData("    events:\n      - address: \"0x5FbDB2315678afecb367f032d93F642f64180aa3\"", "    events:\n      - address: \"0x5FbDB\"", "dataSources[0].events[0].address: '0x5FbDB' must be 0x followed by 40 hex digits")]
    [InlineData("[\"Transfer(address,address,uint256)\"]", "[\"Transfer(address, address)\"]", "dataSources[0].events[0].signatures[0]")]
    [InlineData("slots: [\"0x0\"]", "slots: [\"zero\"]", "dataSources[0].storage[0].slots[0]: 'zero'")]
    [InlineData("  - kind: storage\n    urls", "  - kind: ipfs\n    urls", "dataSources[1].kind: 'ipfs'")]
    [InlineData("urls: [\"web3://", "urls: [\"https://", "dataSources[1].urls[0]")]
    [InlineData("trigger: { onEvents: true }", "trigger: { everyNBlocks: 0 }", "trigger.everyNBlocks: 0")]
    [InlineData("trigger: { onEvents: true }", "trigger: { onEvents: maybe }", "trigger.onEvents: 'maybe'")]
    [InlineData("finality: latest", "finality: soon", "finality: expected latest")]
    [InlineData("finality: latest", "finality: { confirmations: -1 }", "finality.confirmations")]
    [InlineData("finality: latest", "finality: latest\ncolour: blue", "colour: unknown field")]
    [InlineData("  - kind: ethereum\n    address: \"0x9fE", "  - kind: email\n    address: \"0x9fE", "dataDestinations[0].kind: 'email'")]
    public void ReportsTheBadField(string find, string replace, string expected)
    {
        Assert.Contains(find, Architecture);
        var e = Assert.Throws<ManifestException>(() => ZkGraphManifest.Parse(Architecture.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void RejectsBrokenYaml()
    {
        Assert.Contains("invalid YAML", Assert.Throws<ManifestException>(() => ZkGraphManifest.Parse("name: [unclosed")).Message);
        Assert.Contains("mapping", Assert.Throws<ManifestException>(() => ZkGraphManifest.Parse("- a\n- b")).Message);
    }

    [Fact]
    public void OnEventsNeedsAnEventFilter()
    {
        var yaml = "specVersion: 1\nname: x\nprogram: x.elf\ndataSources:\n  - kind: storage\n    urls: [\"web3://a:1/b\"]\n";
        Assert.Contains("onEvents needs", Assert.Throws<ManifestException>(() => ZkGraphManifest.Parse(yaml)).Message);
        Assert.Equal(5, ZkGraphManifest.Parse(yaml + "trigger: { everyNBlocks: 5 }\n").Trigger.EveryNBlocks);
    }
}
