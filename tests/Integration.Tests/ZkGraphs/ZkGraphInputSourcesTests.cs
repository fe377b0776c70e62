using System.Globalization;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.Storage;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Devnet;
using Wsc.Storage.Web3;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>Storage slots (eth_getProof at the parent, checked against its stateRoot) and blobs (storage network, roots checked) in a graph's input.</summary>
public sealed class ZkGraphInputSourcesTests
{
    private static readonly PrivateKey Deployer = PrivateKey.FromHex(AnvilNode.Key0);

    // Echoes what it was given: block number, every slot value, every blob.
    private const string Echo = """
        #include "zkgraph.h"
        int main(void) {
            const zk_block *b = zk_block_header();
            if (!b) return 1;
            uint8_t n[8];
            zk_u64_to_be(b->number, n);
            zk_output(n, 8);
            for (uint32_t i = 0; i < zk_slot_count(); i++) zk_output(zk_slot_at(i)->value, 32);
            for (uint32_t i = 0; i < zk_blob_count(); i++) zk_output(zk_blob_at(i)->ptr, zk_blob_at(i)->len);
            return 0;
        }
        """;

    [Fact]
    public async Task Slots_are_the_state_before_the_block_and_blobs_come_from_storage_and_a_missing_blob_fails_the_run()
    {
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc);
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var blob = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        await StorageClient.PutAsync(conn.Client, new StorageUrl(Deployer.Address, 31337, "/data/weights.bin"), blob, Deployer);

        // Slot 0 (totalSupply) and balanceOf[account 0] (slot keccak(account ‖ 1)), which every transfer changes.
        var balanceSlot = Keccak.Hash([.. new byte[12], .. Address.Parse(DevChain.Account0).ToArray(), .. new byte[31], 1]).ToString();
        var sources = $"""
              - kind: ethereum
                storage:
                  - address: "{DevnetContracts.TokenAddress}"
                    slots: ["0x0", "{balanceSlot}"]
              - kind: storage
                urls: ["web3://{Deployer.Address}:31337/data/weights.bin"]
            """;
        var echo = Graphs.Inline("echo", Echo, sources);
        var missing = Graphs.Inline("echo-missing", Echo, sources.Replace("weights.bin", "missing.bin", StringComparison.Ordinal));
        var echoId = (await ZkGraphClient.DeployAsync(conn.Client, 31337, echo.Yaml, echo.Elf, Deployer)).Id;
        var missingId = (await ZkGraphClient.DeployAsync(conn.Client, 31337, missing.Yaml, missing.Elf, Deployer)).Id;

        var start = await token.Dev.HeadAsync() + 1;
        for (var i = 0; i < 3; i++)
        {
            await token.BlockAsync(1);
        }
        var head = await token.Dev.HeadAsync();
        await silo.WaitForHeadAsync(head);

        var outputs = await silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", echoId)).OutputsAsync(start, head);
        Assert.Equal((int)(head - start + 1), outputs.Count);
        foreach (var o in outputs)
        {
            Assert.True(o.Error is null, o.Error);
            var parent = "0x" + (o.Number - 1).ToString("x", CultureInfo.InvariantCulture);
            var supply = Hex.Decode((await anvil.CallAsync("eth_getStorageAt", DevnetContracts.TokenAddress, "0x0", parent)).GetString()!);
            var balance = Hex.Decode((await anvil.CallAsync("eth_getStorageAt", DevnetContracts.TokenAddress, balanceSlot, parent)).GetString()!);
            var number = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(number, o.Number);
            Assert.Equal(Convert.ToHexString([.. number, .. supply, .. balance, .. blob]), Convert.ToHexString(o.Output));
        }
        // The balance before each block differs (each block transfers from account 0): the values are per block.
        Assert.Equal(outputs.Count, outputs.Select(o => Convert.ToHexString(o.Output.AsSpan(40, 32))).Distinct().Count());

        var failed = await silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", missingId)).OutputsAsync(start, head);
        Assert.Equal((int)(head - start + 1), failed.Count);
        Assert.All(failed, o =>
        {
            Assert.Equal(ZkGraphOutputStatus.Failed, o.Status);
            Assert.Contains("missing.bin: not found", o.Error);
        });
        Assert.All(await silo.Chain.GetTicksAsync(start, head), t => Assert.Equal(2, t.ZkGraphRuns));
    }
}
