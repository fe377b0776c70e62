using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.Db;
using Wsc.Client.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.ZkGraphs;

/// <summary>A production-profile silo process on PostgreSQL: the registry in ADO.NET grain state, outputs in zkgraph_outputs.</summary>
public sealed class ZkGraphProductionTests
{
    [Fact]
    public async Task Outputs_land_in_postgres_and_a_new_silo_after_a_kill_serves_the_same_graph_and_outputs()
    {
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        using var anvil = new AnvilNode();
        var token = new TokenChain(anvil);
        await token.DeployAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var args = Production(anvil.Rpc, cs, out var httpPort, out var gateway);
        ulong from, head;
        string id;
        using (var silo = SiloProcess.Start([.. args]))
        {
            await InProcessSilo.WaitUntilAsync(async () => await TryGetAsync(http, httpPort, "/health/ready") is not null, 60, "the silo to be ready");
            await using (var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{gateway}", CancellationToken.None))
            {
                var (yaml, elf) = Graphs.Load("erc20-volume");
                id = (await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, PrivateKey.FromHex(AnvilNode.Key0))).Id;
            }
            from = await token.Dev.HeadAsync() + 1;
            for (var i = 0; i < 4; i++)
            {
                await token.BlockAsync(i + 1);
            }
            head = await token.Dev.HeadAsync();
            // Every block's output, not only the head's: a follower that meets several of these blocks in one step ticks
            // them concurrently, so the head's output can be stored before an earlier block's (seen under load).
            await InProcessSilo.WaitUntilAsync(async () =>
                await TryGetAsync(http, httpPort, $"/api/zkgraphs/{id}/outputs?from={from}&to={head}") is { } rows
                && rows.GetArrayLength() == (int)(head - from + 1), 60, "the outputs of every new block");
            silo.Kill();
        }

        // The rows are in PostgreSQL, one per block, with the outputs eth_getLogs predicts.
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT block_number, output FROM zkgraph_outputs WHERE graph_id = $1 ORDER BY block_number", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = Convert.FromHexString(id[2..]) });
            await using var reader = await cmd.ExecuteReaderAsync();
            var rows = new List<(ulong, string)>();
            while (await reader.ReadAsync())
            {
                rows.Add(((ulong)reader.GetInt64(0), Convert.ToHexString(reader.GetFieldValue<byte[]>(1))));
            }
            var expected = new List<(ulong, string)>();
            for (var n = from; n <= head; n++)
            {
                expected.Add((n, Convert.ToHexString((await token.ExpectedVolumeAsync(n))!)));
            }
            Assert.Equal(expected, rows);
        }

        var again = Production(anvil.Rpc, cs, out var httpPort2, out _);
        using (var silo = SiloProcess.Start([.. again]))
        {
            await InProcessSilo.WaitUntilAsync(async () => await TryGetAsync(http, httpPort2, "/health/ready") is not null, 120, "the second silo to be ready");
            var graphs = await TryGetAsync(http, httpPort2, "/api/zkgraphs");
            Assert.Equal(id, Assert.Single(graphs!.Value.EnumerateArray()).GetProperty("id").GetString());
            var outputs = (await TryGetAsync(http, httpPort2, $"/api/zkgraphs/{id}/outputs?from={from}&to={head}"))!.Value;
            Assert.Equal((int)(head - from + 1), outputs.GetArrayLength());
            Assert.All(outputs.EnumerateArray(), o => Assert.Equal("final", o.GetProperty("status").GetString()));
        }
    }

    internal static List<string> Production(Uri rpc, string cs, out int httpPort, out int gateway)
    {
        var args = SiloProcess.Args(rpc, out httpPort);
        gateway = int.Parse(args.First(a => a.StartsWith("--Orleans:GatewayPort=", StringComparison.Ordinal)).Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        args.AddRange(
        [
            "--Profile=Production", "--Postgres:ConnectionString=" + cs, "--Orleans:AdvertisedIPAddress=127.0.0.1",
            // The killed silo is declared dead in seconds, so its grains (the follower's) move to the new one.
            "--Orleans:Membership:ProbeTimeout=00:00:01", "--Orleans:Membership:NumMissedProbesLimit=2",
            "--Orleans:Membership:NumVotesForDeathDeclaration=1", "--Orleans:Membership:TableRefreshTimeout=00:00:02",
            "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:05",
        ]);
        return args;
    }

    internal static async Task<JsonElement?> TryGetAsync(HttpClient http, int port, string path)
    {
        try
        {
            using var resp = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
            return resp.IsSuccessStatusCode ? await resp.Content.ReadFromJsonAsync<JsonElement>() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
