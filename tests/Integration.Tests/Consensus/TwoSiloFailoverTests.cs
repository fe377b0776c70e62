using System.Net.Http.Json;
using System.Text.Json;
using Wsc.Client.Db;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Consensus;

/// <summary>
/// Two silos in separate processes sharing ADO.NET clustering and state on PostgreSQL. The one hosting the
/// follower is SIGKILLed while blocks keep coming; the survivor carries on, no tick is lost or duplicated, and a
/// restarted silo resumes from the persisted cursor.
/// </summary>
public sealed class TwoSiloFailoverTests
{
    private static List<string> ProductionArgs(Uri rpc, string connectionString, out int httpPort, out int siloPort)
    {
        var args = SiloProcess.Args(rpc, out httpPort);
        siloPort = int.Parse(args.First(a => a.StartsWith("--Orleans:SiloPort=", StringComparison.Ordinal)).Split('=')[1]);
        args.AddRange(
        [
            "--Profile=Production",
            "--Postgres:ConnectionString=" + connectionString,
            "--Orleans:ClusterId=failover",
            "--Orleans:Membership:ProbeTimeout=00:00:01",
            "--Orleans:Membership:NumMissedProbesLimit=2",
            "--Orleans:Membership:NumVotesForDeathDeclaration=1",
            "--Orleans:Membership:TableRefreshTimeout=00:00:02",
            "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:05",
            "--Logging:LogLevel:Wsc=Information",
        ]);
        return args;
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, int port, string path)
    {
        using var resp = await http.GetAsync($"http://127.0.0.1:{port}{path}");
        resp.EnsureSuccessStatusCode();
        return await resp.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement?> TryGetAsync(HttpClient http, int port, string path)
    {
        try
        {
            return await GetAsync(http, port, path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<ulong> TickedHeadAsync(HttpClient http, int port)
    {
        var status = await TryGetAsync(http, port, "/api/chain");
        return status is { } s && s.GetProperty("head").ValueKind == JsonValueKind.Object ? s.GetProperty("head").GetProperty("number").GetUInt64() : 0;
    }

    [Fact]
    public async Task Killing_the_silo_that_hosts_the_follower_loses_and_duplicates_no_tick()
    {
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        using var anvil = new AnvilNode();
        var dev = new DevChain(anvil);
        await dev.DeployEmitterAsync();
        using var stopBlocks = new CancellationTokenSource();
        var blocks = Task.Run(async () =>
        {
            while (!stopBlocks.IsCancellationRequested)
            {
                await dev.EmitAsync();
                await Task.Delay(200);
            }
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var argsA = ProductionArgs(anvil.Rpc, cs, out var httpA, out var portA);
        var argsB = ProductionArgs(anvil.Rpc, cs, out var httpB, out var portB);
        using var a = SiloProcess.Start([.. argsA]);
        using var b = SiloProcess.Start([.. argsB]);
        await InProcessSilo.WaitUntilAsync(async () => await TickedHeadAsync(http, httpA) >= 10 && await TryGetAsync(http, httpB, "/health/ready") is not null, 90, "both silos up and ticking");

        var status = await GetAsync(http, httpA, "/api/chain");
        var host = status.GetProperty("silo").GetString()!;
        var (victim, survivor, survivorHttp) = host.Contains($":{portA}:", StringComparison.Ordinal) ? (a, b, httpB) : (b, a, httpA);
        Assert.Contains($":{(victim == a ? portA : portB)}:", host);
        var headAtKill = await TickedHeadAsync(http, survivorHttp);
        victim.Kill();

        // During the failover the HTTP API answers, or says 503 with a reason (it said an empty 500), and the CLI on the
        // survivor's gateway rides it out: its call reaches the follower once it has moved, no error, no stack trace.
        var survivorGateway = (survivor == a ? argsA : argsB).First(x => x.StartsWith("--Orleans:GatewayPort=", StringComparison.Ordinal)).Split('=')[1];
        var cli = WscCli.RunAsync(new Dictionary<string, string> { ["WSC_CLUSTER_ID"] = "failover" }, "chain", "status", "--json", "--gateway", $"127.0.0.1:{survivorGateway}");
        for (var i = 0; i < 10; i++)
        {
            using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{survivorHttp}/api/chain"));
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.IsSuccessStatusCode || ((int)answer.StatusCode == 503 && body.Contains("\"error\"", StringComparison.Ordinal)), $"{(int)answer.StatusCode}: '{body}'");
            await Task.Delay(300);
        }
        var during = await cli;
        Assert.True(during.ExitCode == 0, during.Stderr);
        Assert.Contains("eth-31337", during.Stdout);

        await InProcessSilo.WaitUntilAsync(async () => await TickedHeadAsync(http, survivorHttp) >= headAtKill + 15, 90, "the survivor to carry on ticking");
        await stopBlocks.CancelAsync();
        await blocks;
        var head = await dev.HeadAsync();
        await InProcessSilo.WaitUntilAsync(async () => await TickedHeadAsync(http, survivorHttp) == head, 30, "the survivor to reach the head");

        var ticks = (await GetAsync(http, survivorHttp, $"/api/ticks?from=0&to={head}")).EnumerateArray().ToList();
        Assert.Equal((int)head + 1, ticks.Count);
        for (var n = 0UL; n <= head; n++)
        {
            var tick = Assert.Single(ticks, t => t.GetProperty("number").GetUInt64() == n);
            Assert.Equal(await dev.HashAtAsync(n), tick.GetProperty("hash").GetString());
            Assert.NotEqual("orphaned", tick.GetProperty("status").GetString());
            Assert.True(tick.GetProperty("receiptsVerified").GetBoolean());
        }

        // Restart: stop the survivor too, let the chain move on, start a fresh silo: it resumes from the cursor.
        survivor.Kill();
        for (var i = 0; i < 5; i++)
        {
            await dev.EmitAsync();
        }
        using var c = SiloProcess.Start([.. ProductionArgs(anvil.Rpc, cs, out var httpC, out _)]);
        var newHead = await dev.HeadAsync();
        await InProcessSilo.WaitUntilAsync(async () => await TickedHeadAsync(http, httpC) == newHead, 90, "the restarted silo to catch up");
        Assert.Contains(c.Stdout, l => l.Contains($"resuming after block {head}", StringComparison.Ordinal));
        var all = (await GetAsync(http, httpC, $"/api/ticks?from=0&to={newHead}")).EnumerateArray().ToList();
        Assert.Equal((int)newHead + 1, all.Count);
    }
}
