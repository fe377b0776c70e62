using Wsc.Grains.Interfaces.Consensus;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Consensus;

/// <summary>The development silo following a real anvil devnet: ticks, events, a reorg.</summary>
public sealed class FollowAnvilTests
{
    [Fact]
    public async Task Ticks_match_anvil_hash_for_hash_and_a_depth_5_reorg_orphans_the_replaced_blocks()
    {
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await dev.DeployEmitterAsync();
        for (var i = 0; i < 29; i++)
        {
            await dev.EmitAsync();
        }
        var head = await dev.HeadAsync();
        Assert.Equal(30UL, head);

        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc);
        await silo.WaitForHeadAsync(head);

        var before = await silo.Chain.GetTicksAsync(0, head);
        Assert.Equal((int)head + 1, before.Count);
        for (var n = 0UL; n <= head; n++)
        {
            var tick = Assert.Single(before, t => t.Number == n);
            Assert.Equal(await dev.HashAtAsync(n), tick.Hash);
            Assert.True(tick.ReceiptsVerified);
            Assert.Equal(await dev.LogCountAsync(n), tick.Logs);
            Assert.NotEqual(TickState.Orphaned, tick.Status);
        }
        Assert.Equal(29, before.Sum(t => t.Logs));

        // Replace the last 5 blocks with a branch carrying a different transaction (a plain transfer, no event).
        var replaced = before.Where(t => t.Number > head - 5).ToDictionary(t => t.Number, t => t.Hash);
        await anvil.CallAsync("anvil_reorg", 5, new object[]
        {
            new object[] { new { from = DevChain.Account0, to = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", value = "0x1" }, 0 },
        });
        await anvil.MineAsync(1);
        var newHead = await dev.HeadAsync();

        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var s = await silo.Chain.GetStatusAsync();
            return s.Head is { } h && h.Number == newHead && h.Hash == await dev.HashAtAsync(newHead);
        }, 30, "the follower to adopt the new branch");

        var after = await silo.Chain.GetTicksAsync(0, newHead);
        for (var n = 0UL; n <= newHead; n++)
        {
            var canonical = Assert.Single(after, t => t.Number == n && t.Status != TickState.Orphaned);
            Assert.Equal(await dev.HashAtAsync(n), canonical.Hash);
            Assert.Equal(await dev.LogCountAsync(n), canonical.Logs);
        }
        var orphaned = after.Where(t => t.Status == TickState.Orphaned).ToDictionary(t => t.Number, t => t.Hash);
        Assert.Equal(replaced, orphaned);
        Assert.Equal(1UL, (await silo.Chain.GetStatusAsync()).Reorgs);
    }

    [Theory]
    [InlineData(Lie.HeaderField)]
    [InlineData(Lie.BlockHash)]
    [InlineData(Lie.Receipt)]
    public async Task A_lying_rpc_is_refused_and_the_follower_resumes_when_it_is_honest_again(Lie lie)
    {
        using var anvil = new AnvilNode();
        using var proxy = new LyingRpcProxy(anvil.Rpc);
        var dev = new DevChain(anvil);
        await dev.DeployEmitterAsync();
        await dev.EmitAsync();
        var honestHead = await dev.HeadAsync();

        await using var silo = await InProcessSilo.StartAsync(proxy.Url);
        await silo.WaitForHeadAsync(honestHead);

        proxy.Mode = lie;
        for (var i = 0; i < 3; i++)
        {
            await dev.EmitAsync();
        }
        await InProcessSilo.WaitUntilAsync(async () => proxy.LiesTold >= 3 && (await silo.Chain.GetStatusAsync()).LastError is not null, 60, "the follower to refuse the lies");
        await Task.Delay(500);
        var during = await silo.Chain.GetStatusAsync();
        Assert.Equal(honestHead, during.Head!.Number);
        Assert.NotNull(during.LastError);
        for (var n = honestHead + 1; n <= honestHead + 3; n++)
        {
            // Read the tick grains themselves: nothing was recorded from the lying answers.
            Assert.Empty(await silo.Grains.GetGrain<IBlockTickGrain>($"eth-31337/{n}").GetRecordsAsync());
        }

        proxy.Mode = Lie.None;
        var head = await dev.HeadAsync();
        await silo.WaitForHeadAsync(head);
        var ticks = await silo.Chain.GetTicksAsync(0, head);
        for (var n = 0UL; n <= head; n++)
        {
            Assert.Equal(await dev.HashAtAsync(n), Assert.Single(ticks, t => t.Number == n).Hash);
        }
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetStatusAsync()).LastError is null, 30, "the error to clear");
    }
}
