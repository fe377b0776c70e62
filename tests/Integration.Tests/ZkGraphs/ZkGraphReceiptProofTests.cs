using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Chain.Types;
using Wsc.Client.Cli;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;
using Wsc.Zk.Graph;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>
/// `receiptProofs: matched` end to end: guest/examples/receipt-proof deployed on a silo following anvil gets a proof of
/// every receipt holding a Transfer, checks each one in the guest against the header's receiptsRoot (exit 0, else 2),
/// and outputs per receipt its index, status, cumulative gas, log count and the keccak of the proven leaf, which must
/// equal what the node's own receipts say. `wsc zkgraph exec` assembles the same input (same digest) on the user's node.
/// </summary>
public sealed class ZkGraphReceiptProofTests
{
    private static readonly PrivateKey Deployer = PrivateKey.FromHex(AnvilNode.Key0);

    [Fact]
    public async Task The_receipt_proof_example_verifies_the_matched_receipts_in_the_guest_on_the_cluster_and_in_a_local_exec()
    {
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc);
        var gateway = $"127.0.0.1:{silo.GatewayPort}";
        await using var conn = await ClusterConnection.ConnectAsync(gateway, CancellationToken.None);
        var (yaml, elf) = Graphs.Load("receipt-proof");
        Assert.Equal(ZkGraphReceiptProofs.Matched, ZkGraphManifest.Parse(yaml).ReceiptProofs);
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, Deployer);

        var start = await token.Dev.HeadAsync() + 1;
        await token.BlockAsync(2);
        await token.BlockAsync(0);
        await token.BlockAsync(3);
        var head = await token.Dev.HeadAsync();
        await silo.WaitForHeadAsync(head);

        var outputs = await silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id)).OutputsAsync(start, head);
        // onEvents: the two blocks with transfers run, the empty one does not.
        Assert.Equal([start, start + 2], outputs.Select(o => o.Number));
        foreach (var o in outputs)
        {
            Assert.True(o.Error is null, o.Error);
            Assert.Equal(0, o.ExitCode);
            var receipts = (await anvil.CallAsync("eth_getBlockReceipts", "0x" + o.Number.ToString("x", CultureInfo.InvariantCulture)))
                .EnumerateArray().Select(Receipt.FromJson).ToList();
            var proven = receipts.Select((r, i) => (r, i)).Where(x => x.r.Logs.Count > 0).ToList();
            Assert.Equal(o.Number == start ? 2 : 3, proven.Count);
            Assert.Equal(49 * proven.Count, o.Output.Length);
            for (var k = 0; k < proven.Count; k++)
            {
                var (receipt, index) = proven[k];
                var row = o.Output.AsSpan(49 * k, 49);
                Assert.Equal((uint)index, BinaryPrimitives.ReadUInt32BigEndian(row));
                Assert.Equal(1, row[4]);
                Assert.Equal(receipt.CumulativeGasUsed, BinaryPrimitives.ReadUInt64BigEndian(row[5..]));
                Assert.Equal((uint)receipt.Logs.Count, BinaryPrimitives.ReadUInt32BigEndian(row[13..]));
                Assert.Equal(Keccak.Hash(receipt.Encode()).ToArray(), row[17..].ToArray());
            }
        }

        // The user's own run assembles the same input (proofs included) and gets the same output.
        var dir = Path.Combine(Path.GetTempPath(), $"wsc-receipt-proof-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var source in Directory.GetFiles(Graphs.Example("receipt-proof")))
            {
                File.Copy(source, Path.Combine(dir, Path.GetFileName(source)), overwrite: true);
            }
            var last = outputs[^1];
            var exec = await WscCli.RunAsync("zkgraph", "exec", dir, "--block", last.Number.ToString(CultureInfo.InvariantCulture),
                "--rpc", anvil.Rpc.ToString(), "--json");
            Assert.True(exec.ExitCode == 0, exec.Stderr);
            var run = JsonDocument.Parse(exec.Stdout).RootElement;
            Assert.Equal(last.InputDigest, run.GetProperty("inputDigest").GetString());
            Assert.Equal("0x" + Convert.ToHexStringLower(last.Output), run.GetProperty("output").GetString());
            Assert.Equal(0, run.GetProperty("exitCode").GetInt32());

            // `wsc zkgraph input` writes that input: one proof per transfer receipt, each verifying against receiptsRoot.
            var file = Path.Combine(dir, "input.bin");
            var written = await WscCli.RunAsync("zkgraph", "input", dir, "--block", last.Number.ToString(CultureInfo.InvariantCulture), "-o", file,
                "--rpc", anvil.Rpc.ToString(), "--json");
            Assert.True(written.ExitCode == 0, written.Stderr);
            Assert.Equal(3, JsonDocument.Parse(written.Stdout).RootElement.GetProperty("receiptProofs").GetInt32());
            var input = TickInput.Decode(await File.ReadAllBytesAsync(file));
            var root = new Wsc.Chain.Hash32(input.ReceiptsRoot);
            var leaves = (await anvil.CallAsync("eth_getBlockReceipts", "0x" + last.Number.ToString("x", CultureInfo.InvariantCulture)))
                .EnumerateArray().Select(r => Receipt.FromJson(r).Encode()).ToList();
            foreach (var proof in input.ReceiptProofs)
            {
                var key = new Wsc.Chain.Rlp.RlpWriter(8);
                key.WriteUInt64(proof.ReceiptIndex);
                Assert.Equal(leaves[(int)proof.ReceiptIndex], Wsc.Chain.Trie.MerkleProof.Verify(root, key.WrittenSpan, proof.Nodes));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
