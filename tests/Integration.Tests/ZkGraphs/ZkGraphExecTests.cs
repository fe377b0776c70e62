using System.Globalization;
using System.Text.Json;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.Storage;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Devnet;
using Wsc.Storage.Web3;
using Wsc.TestKit;
using Wsc.Zk.Graph;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>
/// `wsc zkgraph exec` and `wsc zkgraph input` on the user's own node: the input is assembled by the cluster's code
/// (TickInputAssembler), so a local run gives the output and input digest the cluster recorded for the same block.
/// </summary>
public sealed class ZkGraphExecTests
{
    private static readonly PrivateKey Deployer = PrivateKey.FromHex(AnvilNode.Key0);

    // Echoes block number, logs count, slot values and blobs.
    private const string Echo = """
        #include "zkgraph.h"
        int main(void) {
            const zk_block *b = zk_block_header();
            if (!b) return 1;
            uint8_t n[8];
            zk_u64_to_be(b->number, n);
            zk_output(n, 8);
            zk_u64_to_be(zk_log_count(), n);
            zk_output(n, 8);
            for (uint32_t i = 0; i < zk_slot_count(); i++) zk_output(zk_slot_at(i)->value, 32);
            for (uint32_t i = 0; i < zk_blob_count(); i++) zk_output(zk_blob_at(i)->ptr, zk_blob_at(i)->len);
            return 0;
        }
        """;

    [Fact]
    public async Task A_local_run_on_a_block_gives_the_clusters_output_and_input_digest()
    {
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc);
        var gateway = $"127.0.0.1:{silo.GatewayPort}";
        await using var conn = await ClusterConnection.ConnectAsync(gateway, CancellationToken.None);
        var blob = Enumerable.Range(0, 50).Select(i => (byte)(i * 3)).ToArray();
        await StorageClient.PutAsync(conn.Client, new StorageUrl(Deployer.Address, 31337, "/exec/blob.bin"), blob, Deployer);
        var sources = $"""
              - kind: ethereum
                storage:
                  - address: "{DevnetContracts.TokenAddress}"
                    slots: ["0x0"]
              - kind: storage
                urls: ["web3://{Deployer.Address}:31337/exec/blob.bin"]
            """;
        var (yaml, elf) = Graphs.Inline("exec-echo", Echo, sources);
        var dir = Graphs.Write("exec-echo", Echo, sources);
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, Deployer);

        var start = await token.Dev.HeadAsync() + 1;
        await token.BlockAsync(2);
        await token.BlockAsync(0);
        var head = await token.Dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        var recorded = await silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id)).OutputsAsync(start, head);
        Assert.Equal(2, recorded.Count);

        foreach (var o in recorded)
        {
            var n = o.Number.ToString(CultureInfo.InvariantCulture);
            // Blobs read and verified from the cluster's storage network.
            var exec = await WscCli.RunAsync("zkgraph", "exec", dir, "--block", n, "--rpc", anvil.Rpc.ToString(), "--gateway", gateway, "--json");
            Assert.True(exec.ExitCode == 0, exec.Stderr);
            var run = JsonDocument.Parse(exec.Stdout).RootElement;
            Assert.Equal(o.Number, run.GetProperty("block").GetUInt64());
            Assert.Equal(o.Hash, run.GetProperty("hash").GetString());
            Assert.Equal("0x" + Convert.ToHexStringLower(o.Output), run.GetProperty("output").GetString());
            Assert.Equal(o.InputDigest, run.GetProperty("inputDigest").GetString());
            Assert.Equal(graph.ImageId, run.GetProperty("imageId").GetString());
            Assert.True(run.GetProperty("triggered").GetBoolean());
            Assert.Equal(0, run.GetProperty("exitCode").GetInt32());

            // The input file, with the blob from a local copy, runs to the same output in `wsc vm run`.
            var blobFile = Path.Combine(dir, "blob.bin");
            await File.WriteAllBytesAsync(blobFile, blob);
            var inputFile = Path.Combine(dir, $"input-{n}.bin");
            var written = await WscCli.RunAsync("zkgraph", "input", dir, "--block", n, "-o", inputFile, "--blob", blobFile, "--rpc", anvil.Rpc.ToString(), "--json");
            Assert.True(written.ExitCode == 0, written.Stderr);
            Assert.Equal(1, JsonDocument.Parse(written.Stdout).RootElement.GetProperty("slots").GetInt32());
            var input = TickInput.Decode(await File.ReadAllBytesAsync(inputFile));
            Assert.Equal(o.Number, input.Number);
            Assert.Equal(o.Hash, "0x" + Convert.ToHexStringLower(input.Hash));
            var vm = await WscCli.RunAsync("vm", "run", Path.Combine(dir, "build", "exec-echo.elf"), "--input", inputFile, "--json");
            Assert.True(vm.ExitCode == 0, vm.Stderr);
            Assert.Equal("0x" + Convert.ToHexStringLower(o.Output), JsonDocument.Parse(vm.Stdout).RootElement.GetProperty("output").GetString());
        }
        // The first block had transfers, the second none: the echoed log counts differ, so the logs were really matched.
        Assert.NotEqual(Convert.ToHexString(recorded[0].Output.AsSpan(8, 8)), Convert.ToHexString(recorded[1].Output.AsSpan(8, 8)));

        var badRpc = await WscCli.RunAsync("zkgraph", "exec", dir, "--block", "1", "--rpc", "http://127.0.0.1:1", "--blob", Path.Combine(dir, "blob.bin"), "--json");
        Assert.Equal(1, badRpc.ExitCode);
        Assert.StartsWith("wsc: block 1 from http://127.0.0.1:1/", badRpc.Stderr, StringComparison.Ordinal);
        Assert.Single(badRpc.Stderr.Trim().Split('\n'));
        var wrongBlobs = await WscCli.RunAsync("zkgraph", "input", dir, "--block", "1", "-o", Path.Combine(dir, "x.bin"), "--blob", Path.Combine(dir, "blob.bin"),
            "--blob", Path.Combine(dir, "blob.bin"), "--rpc", anvil.Rpc.ToString());
        Assert.Equal("wsc: --blob given 2 times: the manifest reads 1 blobs (web3://" + Deployer.Address + ":31337/exec/blob.bin)", wrongBlobs.Stderr.Trim());
    }
}
