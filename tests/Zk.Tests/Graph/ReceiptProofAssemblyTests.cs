using System.Text.Json;
using Wsc.Chain;
using Wsc.Chain.Rlp;
using Wsc.Chain.Trie;
using Wsc.Chain.Types;
using Wsc.TestKit;
using Wsc.Zk.Graph;

namespace Wsc.Zk.Tests.Graph;

/// <summary>
/// `receiptProofs: matched` on real blocks (execution-apis fixture chain: chain.rlp headers and their
/// eth_getBlockReceipts): the assembler's proofs verify against the header's receiptsRoot in C# and inside the
/// receipt-proof guest, and a tampered proof or a receipt set that does not hash to receiptsRoot is refused.
/// </summary>
public sealed class ReceiptProofAssemblyTests
{
    private static string Fixtures(params string[] parts) => Paths.Data(["execution-apis", "tests", .. parts]);

    /// <summary>Each fixture block whose receipts carry logs: its header (from chain.rlp) and its receipts' encodings.</summary>
    private static List<(BlockHeader Header, List<Receipt> Receipts)> RealBlocks()
    {
        var reader = new RlpReader(File.ReadAllBytes(Fixtures("chain.rlp")));
        var headers = new List<BlockHeader>();
        while (reader.HasMore)
        {
            headers.Add(Block.Read(ref reader).Header);
        }
        var blocks = new List<(BlockHeader, List<Receipt>)>();
        foreach (var file in Directory.GetFiles(Fixtures("eth_getBlockReceipts"), "*.io").Order(StringComparer.Ordinal))
        {
            var line = File.ReadLines(file).First(l => l.StartsWith("<<", StringComparison.Ordinal));
            using var doc = JsonDocument.Parse(line[2..]);
            if (!doc.RootElement.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            var receipts = result.EnumerateArray().Select(Receipt.FromJson).ToList();
            if (receipts.Sum(r => r.Logs.Count) == 0 || blocks.Any(b => b.Item1.Number == receipts[0].BlockNumber))
            {
                continue;
            }
            blocks.Add((headers.Single(h => h.Number == receipts[0].BlockNumber), receipts));
        }
        return blocks;
    }

    /// <summary>An assembler matching every (address, topic0) of the block's logs, asking for matched receipt proofs.</summary>
    private static TickInputAssembler MatchingAll(IEnumerable<Receipt> receipts, ZkGraphReceiptProofs proofs = ZkGraphReceiptProofs.Matched) =>
        new(1, receipts.SelectMany(r => r.Logs).Where(l => l.Topics.Count > 0).Select(l => (l.Address, (IEnumerable<Hash32>)[l.Topics[0]])),
            new ZkGraphTrigger(true, 0), [], proofs);

    private static byte[] Key(uint index)
    {
        var w = new RlpWriter(8);
        w.WriteUInt64(index);
        return w.ToArray();
    }

    private static (TickInput Input, List<byte[]> Encodings) Assemble(BlockHeader header, List<Receipt> receipts)
    {
        var encodings = receipts.Select(r => r.Encode()).ToList();
        var assembler = MatchingAll(receipts);
        var matched = assembler.Match(TickInputAssembler.BlockLogs(receipts.Select(r => r.Logs)));
        var input = assembler.Input(header, matched) with { ReceiptProofs = assembler.ProveReceipts(matched, () => TickInputAssembler.ReceiptTrie(header, encodings)) };
        return (input, encodings);
    }

    [Fact]
    public void Matched_receipt_proofs_of_real_blocks_verify_against_receiptsRoot_in_csharp_and_in_the_guest()
    {
        var blocks = RealBlocks();
        Assert.NotEmpty(blocks);
        var proven = 0;
        foreach (var (header, receipts) in blocks)
        {
            var (input, encodings) = Assemble(header, receipts);
            var expected = receipts.Select((r, i) => (r, i)).Where(x => x.r.Logs.Any(l => l.Topics.Count > 0)).Select(x => (uint)x.i).ToList();
            Assert.Equal(expected, input.ReceiptProofs.Select(p => p.ReceiptIndex));
            foreach (var proof in input.ReceiptProofs)
            {
                // Independent check: Chain's MPT verifier walks the nodes from the header's receiptsRoot.
                Assert.Equal(encodings[(int)proof.ReceiptIndex], MerkleProof.Verify(header.ReceiptsRoot, Key(proof.ReceiptIndex), proof.Nodes));
                proven++;
            }
            // The guest checks them itself against the receiptsRoot in the input, from the encoded input bytes.
            var decoded = TickInput.Decode(input.Encode());
            var run = Examples.Run("receipt-proof", "2", decoded);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal(49 * input.ReceiptProofs.Count, run.Output.Length);
            for (var k = 0; k < input.ReceiptProofs.Count; k++)
            {
                var index = input.ReceiptProofs[k].ReceiptIndex;
                var row = run.Output.AsSpan(49 * k, 49);
                Assert.Equal(index, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(row));
                Assert.Equal((uint)receipts[(int)index].Logs.Count, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(row[13..]));
                Assert.Equal(Examples.Keccak(encodings[(int)index]), row[17..].ToArray());
            }
        }
        Assert.True(proven > 0, "no receipt proven");
    }

    [Fact]
    public void A_tampered_proof_is_refused_by_the_csharp_verifier_and_the_guest()
    {
        var (header, receipts) = RealBlocks()[0];
        var (input, _) = Assemble(header, receipts);
        var proof = input.ReceiptProofs[0];
        var nodes = proof.Nodes.Select(n => (byte[])n.Clone()).ToList();
        nodes[^1][^1] ^= 1;
        var tampered = new TickReceiptProof(proof.ReceiptIndex, nodes);
        Assert.ThrowsAny<Exception>(() => MerkleProof.Verify(header.ReceiptsRoot, Key(proof.ReceiptIndex), tampered.Nodes));
        Assert.Equal(2, Examples.Run("receipt-proof", "2", input with { ReceiptProofs = [tampered] }).ExitCode);
        // A proof moved to another receipt index does not verify either.
        var moved = new TickReceiptProof(proof.ReceiptIndex + 1, proof.Nodes);
        Assert.Equal(2, Examples.Run("receipt-proof", "2", input with { ReceiptProofs = [moved] }).ExitCode);
    }

    [Fact]
    public void Receipts_that_do_not_hash_to_receiptsRoot_give_no_proofs()
    {
        var (header, receipts) = RealBlocks()[0];
        var encodings = receipts.Select(r => r.Encode()).ToList();
        encodings[^1] = [.. encodings[^1][..^1], (byte)(encodings[^1][^1] ^ 1)];
        var ex = Assert.Throws<InvalidDataException>(() => TickInputAssembler.ReceiptTrie(header, encodings));
        Assert.Contains($"block {header.Number}", ex.Message);
        Assert.Contains("receiptsRoot", ex.Message);
    }

    [Fact]
    public void Without_the_manifest_field_the_input_carries_no_proofs_and_the_trie_is_not_built()
    {
        var (header, receipts) = RealBlocks()[0];
        var assembler = MatchingAll(receipts, ZkGraphReceiptProofs.None);
        var matched = assembler.Match(TickInputAssembler.BlockLogs(receipts.Select(r => r.Logs)));
        Assert.NotEmpty(matched);
        Assert.Empty(assembler.ProveReceipts(matched, () => throw new InvalidOperationException("trie built")));
        // Asked for, but no matched log: no proof and no trie either.
        Assert.Empty(MatchingAll(receipts).ProveReceipts([], () => throw new InvalidOperationException("trie built")));
    }

    [Fact]
    public void The_manifest_field_parses_refuses_bad_values_in_one_line_and_changes_the_graph_id()
    {
        const string Base = """
            specVersion: 1
            name: rp
            program: build/rp.elf
            dataSources:
              - kind: ethereum
                events:
                  - address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
                    signatures: ["Transfer(address,address,uint256)"]
            """;
        var plain = ZkGraphManifest.Parse(Base);
        Assert.Equal(ZkGraphReceiptProofs.None, plain.ReceiptProofs);
        Assert.Equal(ZkGraphReceiptProofs.None, ZkGraphManifest.Parse(Base + "\nreceiptProofs: none").ReceiptProofs);
        var matched = ZkGraphManifest.Parse(Base + "\nreceiptProofs: matched");
        Assert.Equal(ZkGraphReceiptProofs.Matched, matched.ReceiptProofs);
        Assert.Equal(ZkGraphReceiptProofs.Matched, TickInputAssembler.For(1, matched).ReceiptProofs);
        Assert.NotEqual(ZkGraphIdentity.ManifestDigest(plain), ZkGraphIdentity.ManifestDigest(matched));
        Assert.Equal(ZkGraphIdentity.ManifestDigest(plain), ZkGraphIdentity.ManifestDigest(ZkGraphManifest.Parse(Base + "\nreceiptProofs: none")));

        var bad = Assert.Throws<ManifestException>(() => ZkGraphManifest.Parse(Base + "\nreceiptProofs: all"));
        Assert.Equal("receiptProofs: 'all' must be none or matched", bad.Message);
        Assert.DoesNotContain('\n', bad.Message);
        Assert.StartsWith("receiptProofs:", Assert.Throws<ManifestException>(() => ZkGraphManifest.Parse(Base + "\nreceiptProofs: [matched]")).Message);
        var noEvents = Assert.Throws<ManifestException>(() => ZkGraphManifest.Parse("""
            specVersion: 1
            name: rp
            program: build/rp.elf
            dataSources:
              - kind: ethereum
                storage:
                  - address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
                    slots: ["0x0"]
            trigger: { everyNBlocks: 1 }
            receiptProofs: matched
            """));
        Assert.StartsWith("receiptProofs: matched needs at least one events filter", noEvents.Message);
    }
}
