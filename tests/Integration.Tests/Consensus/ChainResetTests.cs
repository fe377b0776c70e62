using System.Text.Json;
using Wsc.Client.Db;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Consensus;

public sealed class ChainResetTests
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Reset_restarts_a_halted_follower_at_the_fork_and_ticks_the_new_branch_orphaning_the_old_one(string profile)
    {
        // Production keeps the follower's state in PostgreSQL behind the grain-type-scoped storage: the reset must
        // rewrite that same row.
        using var pg = profile == "Production" ? new PostgresServer() : null;
        (string, string)[] storage = [];
        if (pg is not null)
        {
            var cs = pg.CreateDatabase();
            await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
            storage = [("Profile", "Production"), ("Postgres:ConnectionString", cs)];
        }
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await dev.DeployEmitterAsync();
        for (var i = 0; i < 9; i++)
        {
            await dev.EmitAsync();
        }
        await using var silo = await InProcessSilo.StartAsync(anvil.Rpc, [("Ethereum:ReorgDepth", "3"), .. storage]);
        await silo.WaitForHeadAsync(10);
        // Block 0 is the node's finalized block here; wait until it is ticked final so snapshots do not race that.
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetTicksAsync(0, 0)).Single().Status == TickState.Final, 30, "block 0 to be final");
        var gateway = $"127.0.0.1:{silo.GatewayPort}";
        var admin = silo.Chain.AsReference<IChainAdmin>();

        // A running follower is never reset, and the CLI asks for the explicit confirmation first.
        var notHalted = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.ResetFromAsync(6));
        Assert.Contains("not halted", notHalted.Message);
        var unconfirmed = await WscCli.RunAsync("chain", "reset", "--from", "6", "--gateway", gateway);
        Assert.Equal(1, unconfirmed.ExitCode);
        Assert.Contains("add --i-understand", unconfirmed.Stderr);

        var before = await silo.Chain.GetTicksAsync(0, 10);
        await anvil.CallAsync("anvil_reorg", 5, new object[]
        {
            new object[] { new { from = DevChain.Account0, to = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", value = "0x1" }, 0 },
        });
        await anvil.MineAsync(2);
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Chain.GetStatusAsync()).Halted is not null, 60, "the follower to halt");
        Assert.Equal(await dev.HashAtAsync(5), before.Single(t => t.Number == 5).Hash);
        Assert.NotEqual(await dev.HashAtAsync(6), before.Single(t => t.Number == 6).Hash);

        // Above the fork point the tick below --from is not the node's block; at or below a final tick nothing is rewritten.
        var aboveFork = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.ResetFromAsync(8));
        Assert.Contains("block 7", aboveFork.Message);
        Assert.Contains("agree", aboveFork.Message);
        Assert.Equal(0UL, (await silo.Chain.GetStatusAsync()).Finalized);
        var belowFinal = await WscCli.RunAsync("chain", "reset", "--from", "0", "--i-understand", "--gateway", gateway);
        Assert.Equal(1, belowFinal.ExitCode);
        Assert.Contains("reset refused", belowFinal.Stderr);
        Assert.Contains("final", belowFinal.Stderr);
        var forward = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.ResetFromAsync(12));
        Assert.Contains("never skips blocks", forward.Message);
        Assert.Equal(before, await silo.Chain.GetTicksAsync(0, 10));
        Assert.NotNull((await silo.Chain.GetStatusAsync()).Halted);

        var reset = await WscCli.RunAsync("chain", "reset", "--from", "6", "--i-understand", "--json", "--gateway", gateway);
        Assert.True(reset.ExitCode == 0, reset.Stderr);
        var doc = JsonDocument.Parse(reset.Stdout).RootElement;
        Assert.Equal(6UL, doc.GetProperty("from").GetUInt64());
        Assert.Equal(10UL, doc.GetProperty("previousCursor").GetUInt64());
        Assert.Equal(5, doc.GetProperty("orphaned").GetInt32());
        Assert.Equal(await dev.HashAtAsync(5), doc.GetProperty("parentHash").GetString());
        Assert.Contains("deeper than 3", doc.GetProperty("clearedHalt").GetString());

        // The keep-alive re-activates the follower from the new cursor: it ticks the node's branch up to its head.
        var head = await dev.HeadAsync();
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var s = await silo.Chain.GetStatusAsync();
            return s.Halted is null && s.Head?.Number == head;
        }, 30, "the reset follower to reach the node's head");
        var after = await silo.Chain.GetTicksAsync(0, head);
        for (var n = 0UL; n <= head; n++)
        {
            var live = Assert.Single(after, t => t.Number == n && t.Status != TickState.Orphaned);
            Assert.Equal(await dev.HashAtAsync(n), live.Hash);
        }
        foreach (var old in before.Where(t => t.Number >= 6))
        {
            Assert.Equal(TickState.Orphaned, Assert.Single(after, t => t.Hash == old.Hash).Status);
        }
        Assert.Equal(before.Where(t => t.Number <= 5), after.Where(t => t.Number <= 5));
    }
}
