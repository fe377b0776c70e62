using Wsc.Grains.Interfaces.Consensus;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Consensus;

public sealed class FinalityAndDeepReorgTests
{
    [Fact]
    public async Task Ticks_at_or_below_the_nodes_finalized_block_become_final()
    {
        using var anvil = new AnvilNode();
        await anvil.MineAsync(80);
        var dev = new DevChain(anvil);
        var finalized = DevChain.ParseQuantity((await anvil.CallAsync("eth_getBlockByNumber", "finalized", false)).GetProperty("number").GetString()!);
        var safe = DevChain.ParseQuantity((await anvil.CallAsync("eth_getBlockByNumber", "safe", false)).GetProperty("number").GetString()!);
        Assert.True(finalized > 0 && safe > finalized);

        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc);
        await silo.WaitForHeadAsync(80);
        // The tick turns final within the catch-up step; the status reports the node's finalized block once the step's
        // finality check has run (seen once on a busy machine: the tick final while the status had no finalized block).
        await InProcessSilo.WaitUntilAsync(async () =>
            (await silo.Chain.GetTicksAsync(finalized, finalized)).Single().Status == TickState.Final
            && (await silo.Chain.GetStatusAsync()).Finalized == finalized, 20, "the finalized tick and status");

        var status = await silo.Chain.GetStatusAsync();
        Assert.Equal(finalized, status.Finalized);
        Assert.Equal(safe, status.Safe);
        var ticks = await silo.Chain.GetTicksAsync(0, 80);
        Assert.All(ticks.Where(t => t.Number <= finalized), t => Assert.Equal(TickState.Final, t.Status));
        Assert.All(ticks.Where(t => t.Number > finalized), t => Assert.Equal(TickState.Executed, t.Status));
        Assert.Equal(await dev.HashAtAsync(finalized), ticks.Single(t => t.Number == finalized).Hash);
    }

    [Fact]
    public async Task A_reorg_deeper_than_the_configured_depth_halts_the_follower_instead_of_rewriting_ticks()
    {
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await dev.DeployEmitterAsync();
        for (var i = 0; i < 9; i++)
        {
            await dev.EmitAsync();
        }
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, ("Ethereum:ReorgDepth", "3"));
        await silo.WaitForHeadAsync(10);
        // The step that ticked block 10 goes on to mark the node's finalized block (0 here) final: let it, so the
        // snapshot below does not race that change.
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetTicksAsync(0, 0)).Single().Status == TickState.Final, 30, "block 0 to be final");
        var before = await silo.Chain.GetTicksAsync(0, 10);

        await anvil.CallAsync("anvil_reorg", 5, new object[]
        {
            new object[] { new { from = DevChain.Account0, to = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", value = "0x1" }, 0 },
        });
        await anvil.MineAsync(2);

        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetStatusAsync()).Halted is not null, 60, "the follower to halt");
        var status = await silo.Chain.GetStatusAsync();
        Assert.Contains("deeper than 3", status.Halted);
        await Task.Delay(500);
        var after = await silo.Chain.GetTicksAsync(0, 12);
        Assert.Equal(before, after);
        Assert.Equal(10UL, (await silo.Chain.GetStatusAsync()).Head!.Number);

        // An operator's resume does not make the follower accept the deep reorg: it halts again.
        await silo.Chain.ResumeAsync();
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetStatusAsync()).Halted is not null, 60, "the follower to halt again");
        Assert.Equal(before, await silo.Chain.GetTicksAsync(0, 12));
    }
}
