using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Wsc.Chain.Crypto;
using Wsc.Client.Db;
using Wsc.Integration.Tests.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.Storage.Blobs;
using Wsc.TestKit;
using Xunit.Abstractions;

namespace Wsc.Integration.Tests.Storage;

/// <summary>
/// Issue 5 deliverable 6: a production silo in its own process is SIGKILLed while `wsc storage put` overwrites a
/// multi-blob file; after a restart on the same database the file reads back as exactly the old bytes or exactly the
/// new ones, and `wsc storage get --verify` passes.
/// </summary>
public sealed class KillDuringWriteTests(ITestOutputHelper log)
{
    private const int Replicas = 2;

    // 80 blobs of 128 KiB (160 replica rows) for the new version; the old one has a different length and blob count.
    private const int NewBytes = 10 * 1024 * 1024;
    private const int OldBytes = (9 * 1024 * 1024) + 4099;

    // Kill points, as the fraction of the new version's replica rows committed in storage_blob_index when the silo is
    // killed: polled from the database rather than timed, so on a loaded machine each kill still lands where meant.
    // 0 = as soon as the first blob is stored; 1 = once every blob is stored, racing the directory update.
    private static readonly double[] KillPoints = [0.0, 1.0 / 3, 2.0 / 3, 1.0];

    private static readonly string Owner = PrivateKey.FromHex(AnvilNode.Key0).Address.ToString();

    [Fact]
    public async Task A_silo_killed_during_a_multi_blob_put_leaves_the_old_file_or_the_new_one_never_a_mix()
    {
        var clock = Stopwatch.StartNew();
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        using var anvil = new AnvilNode();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var work = Directory.CreateTempSubdirectory("wsc-kill-");
        var silos = new List<SiloProcess>();
        var outcomes = new List<Outcome>();
        try
        {
            var silo = await StartSiloAsync(anvil, cs, http, silos);
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s first silo ready");
            for (var run = 0; run < KillPoints.Length; run++)
            {
                var path = $"/kill/run{run}.bin";
                var url = $"web3://{Owner}:31337{path}";
                var oldBytes = Bytes(OldBytes, seed: (2 * run) + 1);
                var newBytes = Bytes(NewBytes, seed: (2 * run) + 2);
                var oldFile = Path.Combine(work.FullName, $"old{run}.bin");
                var newFile = Path.Combine(work.FullName, $"new{run}.bin");
                await File.WriteAllBytesAsync(oldFile, oldBytes);
                await File.WriteAllBytesAsync(newFile, newBytes);

                var put = await WscProcess.RunAsync(90, "storage", "put", url, oldFile, "--key", AnvilNode.Key0, "--gateway", silo.Gateway, "--json");
                Assert.True(put.ExitCode == 0, $"put of the old version failed: {put.Stderr}");
                log.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s run {run}: old version stored");

                // The new version shares no blob with the old one (different random bytes), so its rows are its own.
                var newRoots = FileBlobs.Roots(newBytes);
                var rows = newRoots.Length * Replicas;
                var killAt = Math.Max(1, (int)Math.Ceiling(KillPoints[run] * rows));
                using var overwrite = WscProcess.Start("storage", "put", url, newFile, "--key", AnvilNode.Key0, "--gateway", silo.Gateway, "--json");
                var seen = await WaitForRowsAsync(cs, newRoots, killAt, overwrite.Result);
                silo.Process.Kill();
                var stored = await CountRowsAsync(cs, newRoots);
                log.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s run {run}: killed at {seen}/{rows} rows seen (target {killAt}), {stored} committed; put exited: {overwrite.Result.IsCompleted}");

                await DeclareDeadAsync(cs);
                silo = await StartSiloAsync(anvil, cs, http, silos);
                // A put whose silo died before answering never hears back (the CLI gives up after its --timeout, 60 s
                // by default), so a put still running once the new silo is up (seconds later) has not completed; one
                // answered exits at once.
                // Success = the put printed its result (it does so before closing its cluster connection).
                var cut = await overwrite.ExitedWithinAsync(5);
                var putSucceeded = cut.Stdout.Contains("\"roots\"", StringComparison.Ordinal);
                log.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s run {run}: silo restarted; cut put: exit {cut.ExitCode} (-1: still waiting, killed), succeeded: {putSucceeded} {cut.Stderr.Trim()}");

                var readBack = Path.Combine(work.FullName, $"read{run}.bin");
                var get = await WscProcess.RunAsync(90, "storage", "get", url, "-o", readBack, "--verify", "--json", "--gateway", silo.Gateway);
                Assert.True(get.ExitCode == 0, $"run {run}: get --verify exit {get.ExitCode}: {get.Stdout} {get.Stderr}");
                using var verdict = JsonDocument.Parse(get.Stdout);
                Assert.True(verdict.RootElement.GetProperty("verified").GetBoolean(), get.Stdout);
                Assert.Equal(Replicas, verdict.RootElement.GetProperty("replicas").GetInt32());

                var bytes = await File.ReadAllBytesAsync(readBack);
                var isOld = bytes.AsSpan().SequenceEqual(oldBytes);
                var isNew = bytes.AsSpan().SequenceEqual(newBytes);
                Assert.True(isOld || isNew, $"run {run}: read back {bytes.Length} bytes that are neither the old {OldBytes} nor the new {NewBytes} bytes");
                // A put that reported success must be visible; one cut before all its blobs were stored cannot be.
                if (putSucceeded)
                {
                    Assert.True(isNew, $"run {run}: the put reported success but the old version is served");
                }
                if (stored < rows)
                {
                    Assert.True(isOld, $"run {run}: the new version is served with only {stored} of its {rows} replica rows stored");
                }
                outcomes.Add(new Outcome(run, stored, rows, putSucceeded, isNew));
                log.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s run {run}: read back the {(isNew ? "new" : "old")} version, verified");
            }
        }
        finally
        {
            foreach (var s in silos)
            {
                s.Dispose();
            }
            work.Delete(recursive: true);
        }

        // The test proves something only if some kill landed mid-write: the put cut off after some of its blobs were
        // committed and before all of them were.
        Assert.Contains(outcomes, o => !o.PutSucceeded && o.RowsStored > 0 && o.RowsStored < o.Rows);
    }

    private sealed record Outcome(int Run, int RowsStored, int Rows, bool PutSucceeded, bool NewServed);

    private sealed record RunningSilo(SiloProcess Process, string Gateway);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<RunningSilo> StartSiloAsync(AnvilNode anvil, string cs, HttpClient http, List<SiloProcess> silos)
    {
        var args = SiloProcess.Args(anvil.Rpc, out var httpPort);
        var siloPort = PortOf(args, "--Orleans:SiloPort=");
        var gatewayPort = PortOf(args, "--Orleans:GatewayPort=");
        args.AddRange(
        [
            "--Profile=Production",
            "--Postgres:ConnectionString=" + cs,
            "--Orleans:Membership:ProbeTimeout=00:00:01",
            "--Orleans:Membership:NumMissedProbesLimit=2",
            "--Orleans:Membership:NumVotesForDeathDeclaration=1",
            "--Orleans:Membership:TableRefreshTimeout=00:00:02",
            "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:05",
            "--Orleans:Membership:ValidateInitialConnectivity=false",
        ]);
        var process = SiloProcess.Start([.. args]);
        silos.Add(process);
        // Ready, and every earlier (killed) silo declared dead, so no grain call waits on a silo that is gone.
        var sw = Stopwatch.StartNew();
        var readyAt = TimeSpan.Zero;
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with {process.ExitCode}: {string.Join(" | ", process.Stderr)}");
            }
            if (readyAt == TimeSpan.Zero && await IsReadyAsync(http, httpPort))
            {
                readyAt = sw.Elapsed;
            }
            return readyAt != TimeSpan.Zero && await OnlyActiveSiloAsync(cs, siloPort);
        }, 120, "the silo to be ready and alone in the cluster");
        log.WriteLine($"silo ready after {readyAt.TotalSeconds:F1}s, alone after {sw.Elapsed.TotalSeconds:F1}s");
        return new RunningSilo(process, "127.0.0.1:" + gatewayPort.ToString(CultureInfo.InvariantCulture));
    }

    private static int PortOf(List<string> args, string prefix) =>
        int.Parse(args.Single(a => a.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..], CultureInfo.InvariantCulture);

    private static async Task<bool> IsReadyAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    // We killed it, so we know what the failure detector would conclude after its probes: marking the killed silo Dead
    // (status 6) in the membership table spares the restarted silo a 15 s wait to join past it on a busy machine.
    private static async Task DeclareDeadAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("UPDATE orleansmembershiptable SET status = 6 WHERE status = 3", conn);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    private static async Task<bool> OnlyActiveSiloAsync(string cs, int siloPort)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        // Status 3 = Active (Orleans SiloStatus).
        await using var cmd = new NpgsqlCommand("SELECT port FROM orleansmembershiptable WHERE status = 3", conn);
        var active = new List<int>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            active.Add(reader.GetInt32(0));
        }
        return active.SequenceEqual([siloPort]);
    }

    private static async Task<int> CountRowsAsync(string cs, byte[][] roots)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        return await CountRowsAsync(conn, roots);
    }

    private static async Task<int> CountRowsAsync(NpgsqlConnection conn, byte[][] roots)
    {
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM storage_blob_index WHERE root = ANY(@roots)", conn);
        cmd.Parameters.AddWithValue("roots", roots);
        return (int)(long)(await cmd.ExecuteScalarAsync())!;
    }

    // Polls until at least `target` replica rows of the new version are committed, or the put has exited.
    private static async Task<int> WaitForRowsAsync(string cs, byte[][] roots, int target, Task put)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var n = await CountRowsAsync(conn, roots);
            if (n >= target || put.IsCompleted)
            {
                return n;
            }
            await Task.Delay(2);
        }
        throw new TimeoutException($"the put did not store {target} replica rows within 90 s");
    }
}
