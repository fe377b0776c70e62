using Npgsql;
using Wsc.Chain;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.Db;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;
using static Wsc.Integration.Tests.ZkGraphs.ZkGraphProductionTests;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>
/// A production silo on PostgreSQL is SIGKILLed in the middle of a `startBlock` backfill; the restarted silo continues
/// after the persisted cursor (not from the start block), and every backfilled block's output is recorded once.
/// </summary>
public sealed class ZkGraphBackfillRestartTests
{
    [Fact]
    public async Task A_restarted_silo_continues_the_backfill_after_its_persisted_cursor()
    {
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        // Transfers spread over a long chain of empty blocks: the backfill walks 64 blocks a second.
        var transferBlocks = new List<ulong>();
        for (var i = 0; i < 4; i++)
        {
            await token.BlockAsync(1);
            transferBlocks.Add(await token.Dev.HeadAsync());
            await anvil.MineAsync(200);
        }
        var deployHead = await token.Dev.HeadAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var args = Production(anvil.Rpc, cs, out var httpPort, out var gateway);
        args.Add("--Logging:LogLevel:Wsc.Grains.ZkGraphs=Information");
        string id;
        ulong cursorAtKill;
        using (var victim = SiloProcess.Start([.. args]))
        {
            await InProcessSilo.WaitUntilAsync(async () => await TryGetAsync(http, httpPort, "/health/ready") is not null, 120, "the silo ready");
            await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{gateway}", CancellationToken.None);
            var registry = conn.Client.GetGrain<IZkGraphRegistryGrain>("eth-31337");
            await InProcessSilo.WaitUntilAsync(async () => (await conn.Client.GetGrain<Wsc.Grains.Interfaces.Consensus.IChainGrain>("eth-31337").GetStatusAsync()).Head?.Number >= deployHead,
                60, "the chain ticked");
            var (yaml, elf) = Graphs.Load("erc20-volume");
            var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml + $"startBlock: {transferBlocks[0]}\n", elf, PrivateKey.FromHex(AnvilNode.Key0));
            id = graph.Id;
            Assert.True(graph.BackfillTo >= transferBlocks[^1]);
            await InProcessSilo.WaitUntilAsync(async () => (await registry.GetAsync(id))!.BackfilledThrough >= transferBlocks[0] + 200, 60, "the backfill under way");
            // The cursor last seen: the persisted one at the kill is this or later.
            cursorAtKill = (await registry.GetAsync(id))!.BackfilledThrough!.Value;
            victim.Kill();
        }
        Assert.True(cursorAtKill < transferBlocks[^1], $"the backfill had finished ({cursorAtKill}) before the kill");

        var restartArgs = Production(anvil.Rpc, cs, out var httpPort2, out var gateway2);
        restartArgs.Add("--Logging:LogLevel:Wsc.Grains.ZkGraphs=Information");
        using var restarted = SiloProcess.Start([.. restartArgs]);
        await InProcessSilo.WaitUntilAsync(async () => await TryGetAsync(http, httpPort2, "/health/ready") is not null, 120, "the restarted silo ready");
        await using (var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{gateway2}", CancellationToken.None))
        {
            var registry = conn.Client.GetGrain<IZkGraphRegistryGrain>("eth-31337");
            await InProcessSilo.WaitUntilAsync(async () => await registry.GetAsync(id) is { } g && g.BackfilledThrough == g.BackfillTo, 90, "the backfill finished");
        }
        // It went on after the cursor it had persisted, not from the start block.
        var resumed = restarted.Stdout.FirstOrDefault(l => l.Contains("backfill resumes at block", StringComparison.Ordinal));
        Assert.NotNull(resumed);
        var at = ulong.Parse(resumed.Split("backfill resumes at block ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(at >= cursorAtKill + 1, $"resumed at {at}, the cursor seen before the kill was {cursorAtKill}");

        // Every transfer block's output once, nothing else.
        await using var db = new NpgsqlConnection(cs);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT block_number FROM zkgraph_outputs WHERE graph_id = $1 ORDER BY block_number", db);
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Hash32.Parse(id).ToArray() });
        var numbers = new List<ulong>();
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                numbers.Add((ulong)r.GetInt64(0));
            }
        }
        Assert.Equal(transferBlocks, numbers);
    }
}
