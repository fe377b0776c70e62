using System.Text.Json;
using Npgsql;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.Db;
using Wsc.Client.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;
using static Wsc.Integration.Tests.ZkGraphs.ZkGraphProductionTests;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>Two production silos on PostgreSQL running erc20-volume; the one hosting the follower is SIGKILLed mid-stream.</summary>
public sealed class ZkGraphFailoverTests
{
    [Fact]
    public async Task Killing_the_silo_that_hosts_the_follower_loses_and_duplicates_no_output()
    {
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var argsA = Production(anvil.Rpc, cs, out var httpA, out var gatewayA);
        var siloPortA = argsA.First(x => x.StartsWith("--Orleans:SiloPort=", StringComparison.Ordinal)).Split('=')[1];
        using var a = SiloProcess.Start([.. argsA]);
        var argsB = Production(anvil.Rpc, cs, out var httpB, out _);
        var siloPortB = argsB.First(x => x.StartsWith("--Orleans:SiloPort=", StringComparison.Ordinal)).Split('=')[1];
        using var b = SiloProcess.Start([.. argsB]);
        await InProcessSilo.WaitUntilAsync(async () => await TryGetAsync(http, httpA, "/health/ready") is not null
            && await TryGetAsync(http, httpB, "/health/ready") is not null, 120, "both silos ready");
        string id;
        await using (var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{gatewayA}", CancellationToken.None))
        {
            var (yaml, elf) = Graphs.Load("erc20-volume");
            id = (await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, PrivateKey.FromHex(AnvilNode.Key0))).Id;
        }
        // Ticks dispatched from here on see the graph.
        var from = await TickedHeadAsync(http, httpA) + 1;

        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await token.BlockAsync(i % 4 == 3 ? 0 : 1 + (i % 3));
                await Task.Delay(150);
            }
        });
        await InProcessSilo.WaitUntilAsync(async () => await TickedHeadAsync(http, httpA) >= from + 8, 90, "graph runs before the kill");
        var host = (await TryGetAsync(http, httpA, "/api/chain"))!.Value.GetProperty("silo").GetString()!;
        // The status names the silo hosting the follower (S127.0.0.1:PORT:…).
        var victimIsA = host.Contains($":{siloPortA}:", StringComparison.Ordinal);
        Assert.True(victimIsA || host.Contains($":{siloPortB}:", StringComparison.Ordinal), $"the follower is on {host}, neither silo");
        var (victim, survivorHttp) = victimIsA ? (a, httpB) : (b, httpA);
        var headAtKill = await TickedHeadAsync(http, survivorHttp);
        victim.Kill();
        await InProcessSilo.WaitUntilAsync(async () => await TickedHeadAsync(http, survivorHttp) >= headAtKill + 10, 120, "the survivor to carry on");
        await stop.CancelAsync();
        await traffic;
        var head = await token.Dev.HeadAsync();
        await InProcessSilo.WaitUntilAsync(async () => await TickedHeadAsync(http, survivorHttp) == head, 60, "the survivor to reach the head");

        var outputs = (await TryGetAsync(http, survivorHttp, $"/api/zkgraphs/{id}/outputs?from={from}&to={head}"))!.Value.EnumerateArray().ToList();
        Assert.DoesNotContain(outputs, o => o.GetProperty("status").GetString() is "orphaned" or "failed");
        var withTransfers = 0;
        for (var n = from; n <= head; n++)
        {
            var expected = await token.ExpectedVolumeAsync(n);
            var rows = outputs.Where(o => o.GetProperty("block").GetUInt64() == n).ToList();
            if (expected is null)
            {
                Assert.Empty(rows);
                continue;
            }
            withTransfers++;
            var row = Assert.Single(rows);
            Assert.Equal(await token.Dev.HashAtAsync(n), row.GetProperty("hash").GetString());
            Assert.Equal("0x" + Convert.ToHexStringLower(expected), row.GetProperty("output").GetString());
        }
        Assert.True(withTransfers >= 10, $"only {withTransfers} blocks with transfers were checked");
        await using var db = new NpgsqlConnection(cs);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM zkgraph_outputs GROUP BY block_number HAVING count(*) > 1", db);
        Assert.Null(await cmd.ExecuteScalarAsync());
    }

    private static async Task<ulong> TickedHeadAsync(HttpClient http, int port) =>
        await TryGetAsync(http, port, "/api/chain") is { } s && s.GetProperty("head").ValueKind == JsonValueKind.Object
            ? s.GetProperty("head").GetProperty("number").GetUInt64()
            : 0;
}
