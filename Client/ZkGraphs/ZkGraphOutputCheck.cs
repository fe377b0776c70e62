using Wsc.Chain.Types;
using Receipt = Wsc.Zk.Receipts.Receipt;
using Wsc.Zk.Graph;
using Wsc.Zk.Receipts;
using Wsc.Zk.Vm;

namespace Wsc.Client.ZkGraphs;

/// <summary>
/// The rules of `wsc zkgraph verify`: whether what the cluster claims about a graph's output (its manifest and image id,
/// the output bytes and the receipt) agrees with what the user established alone (the program ELF, the block header
/// fetched from their own node and hashed, the tick input rebuilt from that node). Each rule is a named check; the
/// first one that fails names what did not match. Nothing here trusts the cluster: the graph id binds the manifest and
/// image id, the header binds the block hash, the input digest binds the block's data, and the receipt binds the output.
/// </summary>
public sealed class ZkGraphOutputCheck
{
    private readonly List<ZkGraphVerifyCheck> _checks = [];

    /// <summary>Every check passed so far, in order.</summary>
    public IReadOnlyList<ZkGraphVerifyCheck> Checks => _checks;

    /// <summary>
    /// The graph id is keccak(manifest digest ‖ image id) of the manifest and image id the cluster serves: the cluster
    /// cannot hand out another graph's manifest (another tick input) or program under <paramref name="graphId"/>.
    /// </summary>
    public ZkGraphManifest Graph(string graphId, string manifestYaml, string imageId)
    {
        ArgumentNullException.ThrowIfNull(graphId);
        ZkGraphManifest manifest;
        Wsc.Zk.Vm.ImageId image;
        try
        {
            manifest = ZkGraphManifest.Parse(manifestYaml);
            image = Wsc.Zk.Vm.ImageId.Parse(imageId);
        }
        catch (Exception e) when (e is ManifestException or FormatException)
        {
            throw Fail("graph", $"the cluster's manifest or image id of {graphId} does not parse: {OneLine(e.Message)}");
        }
        var computed = ZkGraphIdentity.GraphId(ZkGraphIdentity.ManifestDigest(manifest), image);
        Require(string.Equals(computed, graphId, StringComparison.OrdinalIgnoreCase), "graph",
            $"the manifest and image id the cluster serves hash to graph id {computed}, not {graphId}", $"{manifest.Name}: manifest and image id hash to the graph id");
        return manifest;
    }

    /// <summary>The program's ELF (read by the client) is the deployed graph's image.</summary>
    public ProgramImage Program(byte[] elf, string imageId)
    {
        ArgumentNullException.ThrowIfNull(elf);
        ProgramImage image;
        try
        {
            image = ProgramImage.FromElf(elf);
        }
        catch (ElfFormatException e)
        {
            throw Fail("program", $"the graph's program is not a valid ELF: {OneLine(e.Message)}");
        }
        Require(string.Equals(image.Id.ToString(), imageId, StringComparison.OrdinalIgnoreCase), "program",
            $"the program read has image id {image.Id}, the graph's is {imageId}", $"the ELF read has the graph's image id {image.Id}");
        return image;
    }

    /// <summary>The user's node is on the graph's chain.</summary>
    public void Chain(ulong nodeChainId, ulong graphChainId) =>
        Require(nodeChainId == graphChainId, "chain", $"your node is on chain {nodeChainId}, the graph on chain {graphChainId}", $"chain {nodeChainId}");

    /// <summary>
    /// The header the user's node served for block <paramref name="number"/> hashes to its claimed hash (checked when it was
    /// read; a lying node never gets here) and that hash is the block of the cluster's output.
    /// </summary>
    public void BlockHash(BlockHeader header, ulong number, string outputHash)
    {
        ArgumentNullException.ThrowIfNull(header);
        Require(header.Number == number, "blockHash", $"your node served block {header.Number} for block {number}", null);
        Require(string.Equals(header.Hash.ToString(), outputHash, StringComparison.OrdinalIgnoreCase), "blockHash",
            $"the cluster's output is of block {outputHash}, your node's block {number} is {header.Hash}",
            $"your node's header of block {number} hashes to {header.Hash}, the output's block");
    }

    /// <summary>The receipt decodes.</summary>
    public Receipt Decode(byte[] receiptBytes)
    {
        ArgumentNullException.ThrowIfNull(receiptBytes);
        try
        {
            var receipt = Receipt.Decode(receiptBytes);
            _checks.Add(new ZkGraphVerifyCheck("receiptFormat", true, $"{receiptBytes.Length} bytes, {receipt.Segments.Count} segments"));
            return receipt;
        }
        catch (FormatException e)
        {
            throw Fail("receiptFormat", $"the cluster's receipt does not decode: {OneLine(e.Message)}");
        }
    }

    /// <summary>
    /// The input rebuilt from the user's node, hashed with the image's hasher, is the receipt's input digest (and the
    /// output record's): the receipt is about this block's data and nothing else.
    /// </summary>
    public void InputDigest(TickInput rebuilt, ProgramImage image, Receipt receipt, string recordDigest)
    {
        ArgumentNullException.ThrowIfNull(rebuilt);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(receipt);
        var digest = new byte[32];
        image.Hasher.Hash(rebuilt.Encode(), digest);
        var ours = Hex(digest);
        Require(digest.AsSpan().SequenceEqual(receipt.InputDigest), "inputDigest",
            $"the receipt's input digest is {Hex(receipt.InputDigest)}, block {rebuilt.Number}'s input rebuilt from your node hashes to {ours}", null);
        Require(string.Equals(recordDigest, ours, StringComparison.OrdinalIgnoreCase), "inputDigest",
            $"the output record's input digest is {recordDigest}, block {rebuilt.Number}'s input rebuilt from your node hashes to {ours}",
            $"the input rebuilt from your node ({rebuilt.Logs.Count} logs, {rebuilt.Slots.Count} slots, {rebuilt.Blobs.Count} blobs) hashes to the receipt's {ours}");
    }

    /// <summary>The receipt names the deployed graph's image.</summary>
    public void ImageId(Receipt receipt, string imageId)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        Require(string.Equals(receipt.ImageId.ToString(), imageId, StringComparison.OrdinalIgnoreCase), "imageId",
            $"the receipt is for image {receipt.ImageId}, the graph's is {imageId}", $"{receipt.ImageId}");
    }

    /// <summary>The receipt's output is the output the cluster stored, and the run exited 0 (a failed run has no receipt).</summary>
    public void Output(Receipt receipt, byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(stored);
        Require(receipt.Output.AsSpan().SequenceEqual(stored), "output",
            $"the cluster's stored output is {Hex(stored)}, its receipt proves {Hex(receipt.Output)}", null);
        Require(receipt.ExitCode == 0, "output", $"the receipt proves exit code {receipt.ExitCode}, a recorded output exits 0",
            $"the stored output is the receipt's ({stored.Length} bytes, exit 0)");
    }

    /// <summary>
    /// The receipt verifies with the verifier alone against the program, at its own proof options, giving at least
    /// <paramref name="minBits"/> conjectured bits. Returns the facts.
    /// </summary>
    public ReceiptFacts Verify(Receipt receipt, ProgramImage image, int minBits)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(image);
        var v = new ReceiptVerifier(receipt.Options).Verify(receipt, image, image.Id);
        Require(v.IsValid, "receipt", $"the receipt does not verify: {v.Reason}", null);
        var facts = v.Facts!;
        Require(facts.SecurityBits >= minBits, "receipt", $"the receipt's proofs give {facts.SecurityBits} conjectured bits, below the {minBits} required",
            $"{facts.Segments} segments, {facts.Cycles} cycles, {facts.SecurityBits} conjectured bits");
        return facts;
    }

    /// <summary>A failed check: the one-line reason, prefixed with what did not match.</summary>
    public static ZkGraphVerifyException Fail(string check, string detail) => new(check, detail);

    // A failed requirement throws; a passed one with a pass detail records the check (a check of several requirements
    // gives its detail on the last).
    private void Require(bool ok, string check, string failure, string? passed)
    {
        if (!ok)
        {
            throw Fail(check, failure);
        }
        if (passed is not null)
        {
            _checks.Add(new ZkGraphVerifyCheck(check, true, passed));
        }
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
