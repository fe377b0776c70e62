using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Grains.Proving;
using Wsc.Grains.ZkGraphs;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>
/// `wsc zkgraph verify` against a real silo proving a graph's outputs and a real anvil as the user's own node: the honest
/// output verifies; a receipt changed in one byte, a stored output changed, a receipt of another block's input, and a
/// node whose header does not hash to the block hash are each refused with one line naming what did not match, exit 1.
/// The stores are tampered with directly (the cluster lying), then restored. With `Proving:MaxQueuedJobs = 1` and three
/// outputs at once, `wsc zkgraph show` tells why the graph's queued jobs wait.
/// </summary>
public sealed class ZkGraphVerifyTests
{
    [Fact]
    public async Task Verify_accepts_an_honest_output_and_refuses_a_tampered_receipt_output_other_blocks_input_and_a_lying_node()
    {
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Proving:Enabled", "true"), ("Proving:SegmentLog2", "12"), ("Proving:MaxQueuedJobs", "1"));
        var gateway = $"127.0.0.1:{silo.GatewayPort}";
        var rpc = anvil.Rpc.ToString();
        var dir = Graphs.Write("verified-numbers", Graphs.BlockNumber);
        var deploy = await WscCli.RunAsync("zkgraph", "deploy", dir, "--key", AnvilNode.Key0, "--gateway", gateway, "--json");
        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        var id = JsonDocument.Parse(deploy.Stdout).RootElement.GetProperty("id").GetString()!;

        await anvil.MineAsync(3);
        var head = await dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        // One job proves at a time: the others wait, and `zkgraph show` says why (the third waits for two proofs).
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var show = await WscCli.RunAsync("zkgraph", "show", id, "--gateway", gateway, "--json");
            Assert.True(show.ExitCode == 0, show.Stderr);
            var proving = JsonDocument.Parse(show.Stdout).RootElement.GetProperty("proving");
            var waiting = proving.GetProperty("waiting").GetString();
            // The three jobs are created one by one: a look between the second and the third sees two.
            if (waiting is null || proving.GetProperty("jobs").GetInt32() < 3)
            {
                return false;
            }
            Assert.StartsWith("waiting: 1 jobs proving (Proving:MaxQueuedJobs = 1), ", waiting, StringComparison.Ordinal);
            Assert.True(proving.GetProperty("queued").GetInt32() >= 1);
            return true;
        }, 120, "zkgraph show to tell why the graph's queued proof jobs wait");
        var text = await WscCli.RunAsync("zkgraph", "show", id, "--gateway", gateway);
        Assert.Matches(@"proofs \(latest \d+\): \d+ verified, \d+ proving, \d+ queued, 0 failed", text.Stdout);
        var (prev, block) = (head - 1, head.ToString(CultureInfo.InvariantCulture));
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var outputs = await WscCli.RunAsync("zkgraph", "outputs", id, "--from", (head - 1).ToString(CultureInfo.InvariantCulture), "--to", block, "--gateway", gateway, "--json");
            var states = JsonDocument.Parse(outputs.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("receiptState").GetString()).ToList();
            Assert.DoesNotContain(states, s => s?.StartsWith("failed", StringComparison.Ordinal) == true);
            return states.Count == 2 && states.All(s => s == "verified");
        }, 240, "the receipts of the last two outputs verified");

        Task<WscCli.Result> VerifyAsync(string node) => WscCli.RunAsync("zkgraph", "verify", id, "--block", block, "--rpc", node, "--gateway", gateway, "--json");
        string Refusal(string what) => $"wsc: graph {id} at block {head}: invalid: {what}";

        // Honest: every check passes, and the facts are the block's.
        var honest = await VerifyAsync(rpc);
        Assert.True(honest.ExitCode == 0, honest.Stderr + honest.Stdout);
        var result = JsonDocument.Parse(honest.Stdout).RootElement;
        Assert.True(result.GetProperty("valid").GetBoolean());
        Assert.Equal(id, result.GetProperty("graph").GetString());
        Assert.Equal(head, result.GetProperty("block").GetUInt64());
        var hash = await dev.HashAtAsync(head);
        Assert.Equal(hash, result.GetProperty("blockHash").GetString());
        Assert.Equal("0x" + head.ToString("x16", CultureInfo.InvariantCulture), result.GetProperty("output").GetString());
        Assert.True(result.GetProperty("securityBits").GetInt32() >= 100);
        Assert.Equal(["graph", "program", "chain", "blockHash", "receiptFormat", "inputDigest", "imageId", "output", "receipt"],
            result.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("check").GetString()!).ToArray());
        Assert.All(result.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("ok").GetBoolean()));

        // The cluster's stored receipt changed in one byte (inside the last segment's proof).
        var receipts = silo.Services.GetRequiredService<IProofJobStore>();
        var receiptId = $"{id}@{hash}";
        var original = (await receipts.ReceiptAsync(receiptId))!;
        var tampered = (byte[])original.Clone();
        tampered[^200] ^= 0x01;
        await receipts.SaveReceiptAsync(receiptId, tampered);
        var badReceipt = await VerifyAsync(rpc);
        Assert.Equal(1, badReceipt.ExitCode);
        Assert.StartsWith(Refusal("receipt"), badReceipt.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(badReceipt.Stderr.Trim().Split('\n'));

        // A receipt of another block's input (the previous block's, honest in itself) offered as this block's.
        var previousReceipt = (await receipts.ReceiptAsync($"{id}@{await dev.HashAtAsync(prev)}"))!;
        await receipts.SaveReceiptAsync(receiptId, previousReceipt);
        var otherInput = await VerifyAsync(rpc);
        Assert.Equal(1, otherInput.ExitCode);
        Assert.StartsWith(Refusal("inputDigest: the receipt's input digest is 0x"), otherInput.Stderr.Trim(), StringComparison.Ordinal);
        await receipts.SaveReceiptAsync(receiptId, original);

        // The cluster's stored output changed (one byte): the receipt proves another.
        var outputs = silo.Services.GetRequiredService<IZkGraphOutputStore>();
        var record = (await outputs.RangeAsync(id, head, head)).Single();
        var forged = (byte[])record.Output.Clone();
        forged[^1] ^= 0x01;
        await outputs.SaveAsync([record with { Output = forged }]);
        var badOutput = await VerifyAsync(rpc);
        Assert.Equal(1, badOutput.ExitCode);
        Assert.Equal(Refusal($"output: the cluster's stored output is 0x{Convert.ToHexStringLower(forged)}, its receipt proves 0x{Convert.ToHexStringLower(record.Output)}"),
            badOutput.Stderr.Trim());
        await outputs.SaveAsync([record]);

        // The user's node lies: a header whose fields do not hash to the hash it claims, or a claimed hash changed.
        using var proxy = new LyingRpcProxy(anvil.Rpc);
        foreach (var lie in new[] { Lie.HeaderField, Lie.BlockHash })
        {
            proxy.Mode = lie;
            var lying = await VerifyAsync(proxy.Url.ToString());
            Assert.Equal(1, lying.ExitCode);
            Assert.StartsWith(Refusal($"blockHash: block {head} from your node at {proxy.Url}: eth_getBlockByNumber: block {head} fields hash to 0x"),
                lying.Stderr.Trim(), StringComparison.Ordinal);
        }
        Assert.True(proxy.LiesTold >= 2);

        // Restored, it verifies again; and a block without an output is one line.
        proxy.Mode = Lie.None;
        Assert.True((await VerifyAsync(proxy.Url.ToString())).ExitCode == 0);
        var none = await WscCli.RunAsync("zkgraph", "verify", id, "--block", "999999", "--rpc", rpc, "--gateway", gateway, "--json");
        Assert.Equal(1, none.ExitCode);
        Assert.Equal($"wsc: graph {id} has no output at block 999999", none.Stderr.Trim());
    }
}
