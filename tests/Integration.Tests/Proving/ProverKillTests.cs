using System.Text.Json;
using Npgsql;
using Wsc.Client.Cli;
using Wsc.Client.Db;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Tests.Proving;
using Wsc.Integration.Tests.Harness;
using Wsc.Integration.Tests.ZkGraphs;
using Wsc.TestKit;
using Wsc.Zk.Receipts;
using Wsc.Zk.Vm;

namespace Wsc.Integration.Tests.Proving;

/// <summary>
/// Two production silo processes on PostgreSQL prove one job; the one that is not the client's gateway is SIGKILLed
/// while segments are proving on both. The job finishes on the survivor, its receipt verifies and there is exactly one.
/// </summary>
public sealed class ProverKillTests
{
    private static readonly Wsc.Zk.Stark.ProofOptions Small = new(Blowup: 4, Queries: 8, GrindingBits: 0, FoldingFactor: 4, RemainderSize: 8);

    private static List<string> Args(Uri rpc, string cs, out int httpPort, out int gateway, out int siloPort)
    {
        var args = ZkGraphProductionTests.Production(rpc, cs, out httpPort, out gateway);
        siloPort = int.Parse(args.First(a => a.StartsWith("--Orleans:SiloPort=", StringComparison.Ordinal)).Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        args.AddRange(
        [
            "--Proving:SegmentLog2=8", "--Proving:Concurrency=1", "--Proving:Width=6", "--Proving:PollInterval=00:00:00.200",
            "--Proving:Queries=8", "--Proving:GrindingBits=0", "--Proving:FoldingFactor=4", "--Proving:RemainderSize=8",
        ]);
        return args;
    }

    [Fact]
    public async Task A_prover_silo_killed_mid_job_leaves_the_job_to_finish_on_the_survivor_with_one_receipt_that_verifies()
    {
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        using var anvil = new AnvilNode();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var argsA = Args(anvil.Rpc, cs, out var httpA, out var gatewayA, out _);
        var argsB = Args(anvil.Rpc, cs, out var httpB, out _, out var portB);
        using var a = SiloProcess.Start([.. argsA]);
        using var b = SiloProcess.Start([.. argsB]);
        await InProcessSilo.WaitUntilAsync(async () => await ZkGraphProductionTests.TryGetAsync(http, httpA, "/health/ready") is not null
            && await ZkGraphProductionTests.TryGetAsync(http, httpB, "/health/ready") is not null, 120, "both silos ready");

        var elf = CounterProgram.Elf(400);
        await using (var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{gatewayA}", CancellationToken.None))
        {
            var planned = await conn.Client.GetGrain<IProofJobGrain>("kill-job").StartAsync(new ProofRequest(elf, [], null, null, null));
            Assert.True(planned.Segments.Count >= 8, $"{planned.Segments.Count} segments");
        }
        var victim = $":{portB}:";
        List<JsonElement> before = [];
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var job = await JobAsync(http, httpA);
            // A loaded machine may show the job queued for a moment before its segments go out.
            if (job is not { } j || j.GetProperty("state").GetString() == "queued")
            {
                return false;
            }
            Assert.Equal("proving", j.GetProperty("state").GetString());
            before = [.. j.GetProperty("segments").EnumerateArray().Where(s => s.GetProperty("state").GetString() == "verified")];
            return before.Any(s => s.GetProperty("silo").GetString()!.Contains(victim, StringComparison.Ordinal))
                && before.Any(s => !s.GetProperty("silo").GetString()!.Contains(victim, StringComparison.Ordinal));
        }, 180, "both silos to have proven a segment");
        b.Kill();
        // A segment the victim proved and answered just before its death still counts: the answers already on the wire
        // are taken within a moment. What it proved by then is read after the kill, not before it (a segment verified
        // between that read and the kill made this test flaky).
        await Task.Delay(TimeSpan.FromSeconds(2));
        var provenByVictim = (await JobAsync(http, httpA))!.Value.GetProperty("segments").EnumerateArray()
            .Count(s => s.GetProperty("state").GetString() == "verified" && s.GetProperty("silo").GetString()!.Contains(victim, StringComparison.Ordinal));
        Assert.True(provenByVictim >= 1, "the victim's verified segments vanished after the kill");

        JsonElement done = default;
        await InProcessSilo.WaitUntilAsync(async () => await JobAsync(http, httpA) is { } j && (done = j).GetProperty("state").GetString() is "verified" or ['f', ..], 240, "the job to finish");
        Assert.True(done.GetProperty("state").GetString() == "verified", done.GetRawText());
        var segments = done.GetProperty("segments").EnumerateArray().ToList();
        Assert.All(segments, s => Assert.Equal("verified", s.GetProperty("state").GetString()));
        // Nothing was proven on the dead silo after the kill: its segments are the ones it had verified before.
        Assert.Equal(provenByVictim, segments.Count(s => s.GetProperty("silo").GetString()!.Contains(victim, StringComparison.Ordinal)));

        await using var db = new NpgsqlConnection(cs);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT receipt FROM proof_receipts WHERE job_id = 'kill-job'", db);
        var receipts = new List<byte[]>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                receipts.Add(reader.GetFieldValue<byte[]>(0));
            }
        }
        var image = ProgramImage.FromElf(elf);
        var verdict = Receipt.Verify(Receipt.Decode(Assert.Single(receipts)), image, image.Id, Small);
        Assert.True(verdict.IsValid, verdict.Reason);
        Assert.Equal(CounterProgram.Output(400), verdict.Facts!.Output);
    }

    private static async Task<JsonElement?> JobAsync(HttpClient http, int port) =>
        await ZkGraphProductionTests.TryGetAsync(http, port, "/api/proofs") is { } jobs
            ? jobs.EnumerateArray().Where(j => j.GetProperty("id").GetString() == "kill-job").Select(j => (JsonElement?)j).FirstOrDefault()
            : null;
}
