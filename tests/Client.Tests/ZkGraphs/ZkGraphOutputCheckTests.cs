using Wsc.Chain;
using Wsc.Chain.Types;
using Wsc.Client.ZkGraphs;
using Wsc.Zk.Graph;
using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;
using Receipt = Wsc.Zk.Receipts.Receipt;

namespace Wsc.Client.Tests.ZkGraphs;

/// <summary>
/// The rules of `wsc zkgraph verify` (milliseconds; the whole command against a silo and anvil is ZkGraphVerifyTests):
/// each disagreement between the cluster's claims and what the client established fails the check it names, one line.
/// </summary>
public sealed class ZkGraphOutputCheckTests
{
    private const string Yaml = """
        specVersion: 1
        name: numbers
        program: build/numbers.elf
        dataSources:
          - kind: ethereum
            events:
              - address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
                signatures: ["Transfer(address,address,uint256)"]
        trigger: { everyNBlocks: 1 }
        finality: latest
        """;

    private static readonly ProgramImage Image = ProgramImage.FromElf(Elf([Addi(A0, 0, 0), .. Exit]));

    private static readonly BlockHeader Header = HeaderOf(12);

    private static BlockHeader HeaderOf(ulong number) => new()
    {
        ParentHash = Hash32.Parse("0x" + new string('1', 64)), StateRoot = Hash32.Zero, Number = number, GasLimit = 30_000_000, GasUsed = 21_000,
        Timestamp = 1012, BaseFeePerGas = 7, Coinbase = Address.Parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"), LogsBloom = Bloom.FromLogs([]),
    };

    private static string GraphId => ZkGraphIdentity.GraphId(ZkGraphIdentity.ManifestDigest(ZkGraphManifest.Parse(Yaml)), Image.Id);

    private static TickInput Input => TickInputAssembler.For(31337, ZkGraphManifest.Parse(Yaml)).Input(Header, []);

    // A receipt's claims (its proofs are the verifier's business, covered by the receipt tests): of Input, by Image.
    private static Receipt Claims(byte[]? input = null, byte[]? output = null, uint exitCode = 0, ImageId? image = null)
    {
        input ??= Input.Encode();
        var digest = new byte[32];
        Image.Hasher.Hash(input, digest);
        return new Receipt(image ?? Image.Id, digest, input, output ?? [1, 2], exitCode, 10, ProofOptions.Default, []);
    }

    private static string Digest(Receipt r) => "0x" + Convert.ToHexStringLower(r.InputDigest);

    [Fact]
    public void Honest_claims_pass_every_check_in_order()
    {
        var check = new ZkGraphOutputCheck();
        Assert.Equal("numbers", check.Graph(GraphId, Yaml, Image.Id.ToString()).Name);
        check.Chain(31337, 31337);
        check.BlockHash(Header, 12, Header.Hash.ToString());
        var receipt = Claims();
        check.InputDigest(Input, Image, receipt, Digest(receipt));
        check.ImageId(receipt, Image.Id.ToString());
        check.Output(receipt, [1, 2]);
        Assert.Equal(["graph", "chain", "blockHash", "inputDigest", "imageId", "output"], check.Checks.Select(c => c.Check));
        Assert.All(check.Checks, c => Assert.True(c.Ok));
    }

    [Fact]
    public void A_manifest_or_image_id_that_is_not_the_graphs_fails_the_graph_check()
    {
        var other = Yaml.Replace("everyNBlocks: 1", "everyNBlocks: 2", StringComparison.Ordinal);
        var e = Assert.Throws<ZkGraphVerifyException>(() => new ZkGraphOutputCheck().Graph(GraphId, other, Image.Id.ToString()));
        Assert.Equal("graph", e.Check);
        Assert.StartsWith("graph: the manifest and image id the cluster serves hash to graph id 0x", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ZkGraphVerifyException>(() => new ZkGraphOutputCheck().Graph(GraphId, Yaml, new ImageId(new byte[32]).ToString()));
        Assert.Equal("graph", e.Check);
        e = Assert.Throws<ZkGraphVerifyException>(() => new ZkGraphOutputCheck().Graph(GraphId, "name: [", Image.Id.ToString()));
        Assert.Equal("graph", e.Check);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Another_program_chain_or_block_fails_its_check()
    {
        var check = new ZkGraphOutputCheck();
        Assert.Equal("program", Assert.Throws<ZkGraphVerifyException>(() => check.Program(Elf([Addi(A0, 0, 1), .. Exit]), Image.Id.ToString())).Check);
        Assert.Equal("program", Assert.Throws<ZkGraphVerifyException>(() => check.Program([1, 2, 3], Image.Id.ToString())).Check);
        Assert.Equal("chain: your node is on chain 1, the graph on chain 31337", Assert.Throws<ZkGraphVerifyException>(() => check.Chain(1, 31337)).Message);
        var other = "0x" + new string('a', 64);
        Assert.Equal($"blockHash: the cluster's output is of block {other}, your node's block 12 is {Header.Hash}",
            Assert.Throws<ZkGraphVerifyException>(() => check.BlockHash(Header, 12, other)).Message);
        Assert.Empty(check.Checks);
    }

    [Fact]
    public void A_receipt_of_another_input_image_or_output_fails_its_check()
    {
        var check = new ZkGraphOutputCheck();
        var otherBlock = Claims(TickInputAssembler.For(31337, ZkGraphManifest.Parse(Yaml)).Input(HeaderOf(13), []).Encode());
        var e = Assert.Throws<ZkGraphVerifyException>(() => check.InputDigest(Input, Image, otherBlock, Digest(otherBlock)));
        Assert.Equal("inputDigest", e.Check);
        Assert.StartsWith($"inputDigest: the receipt's input digest is {Digest(otherBlock)}, block 12's input rebuilt from your node hashes to 0x", e.Message, StringComparison.Ordinal);
        // The receipt honest, the output record's digest not.
        var honest = Claims();
        Assert.Equal("inputDigest", Assert.Throws<ZkGraphVerifyException>(() => check.InputDigest(Input, Image, honest, Digest(otherBlock))).Check);

        var otherImage = new ImageId(new byte[32]);
        Assert.Equal($"imageId: the receipt is for image {otherImage}, the graph's is {Image.Id}",
            Assert.Throws<ZkGraphVerifyException>(() => check.ImageId(Claims(image: otherImage), Image.Id.ToString())).Message);
        Assert.Equal("output: the cluster's stored output is 0x0103, its receipt proves 0x0102",
            Assert.Throws<ZkGraphVerifyException>(() => check.Output(honest, [1, 3])).Message);
        Assert.Equal("output", Assert.Throws<ZkGraphVerifyException>(() => check.Output(Claims(exitCode: 1), [1, 2])).Check);
        Assert.Equal("receiptFormat", Assert.Throws<ZkGraphVerifyException>(() => check.Decode([0x57, 0x53])).Check);
        Assert.Empty(check.Checks);
    }
}
