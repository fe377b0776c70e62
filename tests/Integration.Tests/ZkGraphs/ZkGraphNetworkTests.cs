using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Grains.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>zkGraphs on the real parts: anvil, the development silo, its storage network, the guest toolchain.</summary>
public sealed class ZkGraphNetworkTests
{
    private static readonly PrivateKey Deployer = PrivateKey.FromHex(AnvilNode.Key0);

    [Fact]
    public async Task Erc20_volume_outputs_equal_eth_getLogs_sums_in_history_and_live_and_a_reorg_orphans_the_replaced_ones()
    {
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        // Paused at start: the graph is deployed before the first tick, then the whole chain is caught up in bulk.
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:StartPaused", "true"));
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var (yaml, elf) = Graphs.Load("erc20-volume");
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, Deployer);
        Assert.Equal($"web3://{Deployer.Address}:31337/zkgraphs/erc20-volume/program.elf", graph.ProgramUrl);

        for (var i = 0; i < 70; i++)
        {
            await token.BlockAsync(i % 5 == 0 ? 0 : i % 3 == 0 ? 3 : 1);
        }
        var head = await token.Dev.HeadAsync();
        await silo.Chain.ResumeAsync();
        await silo.WaitForHeadAsync(head, 120);
        var outputs = silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id));
        await AssertOutputsMatchAsync(silo, outputs, token, 0, head);

        // Live ticks: one block at a time through the block-tick grains.
        for (var i = 0; i < 3; i++)
        {
            await token.BlockAsync(i + 1);
        }
        var live = await token.Dev.HeadAsync();
        await silo.WaitForHeadAsync(live);
        await AssertOutputsMatchAsync(silo, outputs, token, head + 1, live);

        // A depth-2 reorg replacing the last two blocks with one carrying a different transfer.
        var replaced = new[] { live - 1, live }.ToDictionary(n => n, n => token.Dev.HashAtAsync(n).GetAwaiter().GetResult());
        await anvil.CallAsync("anvil_reorg", 2, new object[]
        {
            new object[] { new { from = DevChain.Account0, to = Silo.Devnet.DevnetContracts.TokenAddress,
                data = Silo.Devnet.DevnetContracts.EncodeTransfer("0x00000000000000000000000000000000000000aa", 777), gas = "0x30000" }, 0 },
        });
        await anvil.MineAsync(1);
        var newHead = await token.Dev.HeadAsync();
        await InProcessSilo.WaitUntilAsync(async () =>
            (await silo.Chain.GetStatusAsync()).Head is { } h && h.Number == newHead && h.Hash == await token.Dev.HashAtAsync(newHead), 60, "the new branch");
        var after = await outputs.OutputsAsync(live - 1, newHead);
        foreach (var (n, hash) in replaced)
        {
            Assert.Equal(ZkGraphOutputStatus.Orphaned, Assert.Single(after, o => o.Hash == hash).Status);
        }
        await AssertOutputsMatchAsync(silo, outputs, token, live - 1, newHead);

        // Finality is stored, not only derived on read: the registry settles every canonical output final (finality:
        // latest) while the replaced ones stay orphaned.
        var store = silo.Services.GetRequiredService<IZkGraphOutputStore>();
        await InProcessSilo.WaitUntilAsync(async () => (await store.RangeAsync(graph.Id, 0, newHead)).All(o => o.Status != ZkGraphOutputStatus.Executed),
            30, "stored final statuses");
        var stored = await store.RangeAsync(graph.Id, 0, newHead);
        Assert.Equal(replaced.Values.Order(StringComparer.Ordinal), stored.Where(o => o.Status == ZkGraphOutputStatus.Orphaned).Select(o => o.Hash).Order(StringComparer.Ordinal));
        // Every block with a transfer ran the graph (onEvents): each canonical one is stored final.
        Assert.Equal(stored.Count - replaced.Count, stored.Count(o => o.Status == ZkGraphOutputStatus.Final));
        Assert.True(stored.Count > 50, $"{stored.Count} outputs stored");
    }

    [Fact]
    public async Task A_trap_and_the_cycle_limit_are_failed_runs_with_one_line_reasons_and_the_clock_goes_on()
    {
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("ZkGraphs:MaxCycles", "100000"));
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var spin = Graphs.Inline("spin", "#include \"zkgraph.h\"\nint main(void) { volatile uint32_t i = 0; for (;;) i++; }\n");
        var trap = Graphs.Inline("trap", "#include \"zkgraph.h\"\nint main(void) { __builtin_trap(); return 0; }\n");
        var spinId = (await ZkGraphClient.DeployAsync(conn.Client, 31337, spin.Yaml, spin.Elf, Deployer)).Id;
        var trapId = (await ZkGraphClient.DeployAsync(conn.Client, 31337, trap.Yaml, trap.Elf, Deployer)).Id;
        var start = await token.Dev.HeadAsync() + 1;
        for (var i = 0; i < 4; i++)
        {
            await token.BlockAsync(1);
        }
        var head = await token.Dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        var ticks = await silo.Chain.GetTicksAsync(start, head);
        Assert.All(ticks, t => Assert.Equal(2, t.ZkGraphRuns));
        foreach (var (id, reason) in new[] { (spinId, "CycleLimit"), (trapId, "trap") })
        {
            var outs = await silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", id)).OutputsAsync(start, head);
            Assert.Equal((int)(head - start + 1), outs.Count);
            Assert.All(outs, o =>
            {
                Assert.Equal(ZkGraphOutputStatus.Failed, o.Status);
                Assert.Contains(reason, o.Error);
                Assert.DoesNotContain('\n', o.Error!);
            });
        }
        Assert.Equal(100_000, (await silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", spinId)).OutputsAsync(start, start))[0].Cycles);
    }

    [Fact]
    public async Task Unsigned_wrongly_signed_and_mismatched_deploys_are_refused_in_one_line_and_change_nothing()
    {
        using var anvil = new AnvilNode();
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:StartPaused", "true"));
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", CancellationToken.None);
        var registry = conn.Client.GetGrain<IZkGraphRegistryGrain>("eth-31337");
        var (yaml, elf) = Graphs.Load("erc20-volume");
        var other = Graphs.Inline("other", "#include \"zkgraph.h\"\nint main(void) { return 0; }\n");
        // The deployer's files are on the storage network; only the registration is wrong.
        await ZkGraphClient.DeployAsync(conn.Client, 31337, other.Yaml, other.Elf, Deployer);
        var before = await registry.ListAsync();
        var nonce = await registry.NextNonceAsync(Deployer.Address.ToString());
        var (manifest, imageId) = ZkGraphClient.Check(other.Yaml, other.Elf);
        var good = new ZkGraphDeployment(31337, Deployer.Address.ToString(), "other", Zk.Graph.ZkGraphIdentity.ManifestDigest(manifest), imageId.ToString(), nonce, "");
        var stranger = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        var elfImage = ZkGraphClient.Check(yaml, elf).ImageId.ToString();
        var refusals = new (ZkGraphDeployment Deploy, string Expected)[]
        {
            (good, "65 bytes"),
            (ZkGraphClient.Sign(good, stranger), "expected the deployer"),
            (ZkGraphClient.Sign(good with { ImageId = elfImage }, Deployer), "image id"),
            (ZkGraphClient.Sign(good with { ManifestDigest = "0x" + new string('1', 64) }, Deployer), "digest"),
            (ZkGraphClient.Sign(good with { Nonce = nonce + 5 }, Deployer), "nonce"),
            (ZkGraphClient.Sign(good with { Name = "missing" }, Deployer), "not found"),
        };
        foreach (var (deploy, expected) in refusals)
        {
            var e = await Assert.ThrowsAsync<ArgumentException>(() => registry.DeployAsync(deploy));
            Assert.Contains(expected, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        Assert.Equal(before.Select(g => g.Id), (await registry.ListAsync()).Select(g => g.Id));
        Assert.Equal(nonce, await registry.NextNonceAsync(Deployer.Address.ToString()));

        // The same graph again is refused; a signed pause by a stranger too, by its deployer it applies.
        var id = Assert.Single(before).Id;
        var again = await Assert.ThrowsAsync<ArgumentException>(() => registry.DeployAsync(ZkGraphClient.Sign(good, Deployer)));
        Assert.Contains("already deployed", again.Message);

        // The program swapped on the storage network after the deploy: the cluster loads it, sees another image id
        // and records failed runs instead of running it.
        await Wsc.Client.Storage.StorageClient.PutAsync(conn.Client,
            new Wsc.Storage.Web3.StorageUrl(Deployer.Address, 31337, ZkGraphKeys.ProgramPath("other")), elf, Deployer);
        await silo.Chain.ResumeAsync();
        await anvil.MineAsync(2);
        var head = await new DevChain(anvil).HeadAsync();
        await silo.WaitForHeadAsync(head);
        var swapped = await silo.Grains.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", id)).OutputsAsync(0, head);
        Assert.Equal((int)head + 1, swapped.Count);
        Assert.All(swapped, o =>
        {
            Assert.Equal(ZkGraphOutputStatus.Failed, o.Status);
            Assert.Contains($"now has image id {elfImage}", o.Error);
            Assert.Empty(o.Output);
        });
        await Assert.ThrowsAsync<ArgumentException>(() => ZkGraphClient.ControlAsync(conn.Client, 31337, id, ZkGraphAction.Pause, stranger));
        Assert.Equal(ZkGraphStatus.Paused, (await ZkGraphClient.ControlAsync(conn.Client, 31337, id, ZkGraphAction.Pause, Deployer)).Status);
        Assert.Empty(await registry.SubscriptionsAsync());
        await ZkGraphClient.ControlAsync(conn.Client, 31337, id, ZkGraphAction.Remove, Deployer);
        Assert.Empty(await registry.ListAsync());
    }

    private static async Task AssertOutputsMatchAsync(InProcessSilo silo, IZkGraphGrain graph, TokenChain token, ulong from, ulong to)
    {
        var outputs = (await graph.OutputsAsync(from, to)).Where(o => o.Status != ZkGraphOutputStatus.Orphaned).ToList();
        var ticks = (await silo.Chain.GetTicksAsync(from, to)).Where(t => t.Status != TickState.Orphaned).ToDictionary(t => t.Number);
        var ran = 0;
        for (var n = from; n <= to; n++)
        {
            var expected = await token.ExpectedVolumeAsync(n);
            var hash = await token.Dev.HashAtAsync(n);
            var output = outputs.SingleOrDefault(o => o.Number == n);
            if (expected is null)
            {
                Assert.Null(output);
                Assert.Equal(0, ticks[n].ZkGraphRuns);
                continue;
            }
            Assert.True(output is not null, $"block {n.ToString(CultureInfo.InvariantCulture)} has transfers but no output");
            Assert.Equal(hash, output!.Hash);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(output.Output));
            Assert.Equal(ZkGraphOutputStatus.Final, output.Status); // finality: latest
            Assert.Equal(0, output.ExitCode);
            Assert.Matches("^0x[0-9a-f]{64}$", output.InputDigest);
            Assert.Equal(1, ticks[n].ZkGraphRuns);
            ran++;
        }
        Assert.True(ran > 0, "no block in the range had transfers");
    }
}
