using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Wsc.Chain.Crypto;
using Wsc.Client.Db;
using Wsc.Integration.Tests.Harness;
using Wsc.Storage.Blobs;
using Wsc.TestKit;
using Xunit.Abstractions;

namespace Wsc.Integration.Tests.Storage;

/// <summary>
/// Review finding (fixed): `wsc storage put` whose silo froze or died mid-call waited minutes (seen: over 150 s). A
/// production silo process is frozen (SIGSTOP: sockets stay open, nothing answers) and then, on a second put, killed
/// (SIGKILL) while the CLI's put is in flight; each time the CLI gives up within its `--timeout` with one line.
/// </summary>
public sealed partial class CliTimeoutTests(ITestOutputHelper log)
{
    // Long enough that a loaded machine commits the put's first replica before it (the cut must land mid-call).
    private const int Timeout = 10;

    // 40 MiB: 320 blobs in 40 parts. With 10 MiB (10 parts) a quiet machine once committed the whole put between the
    // first replica row and the freeze landing (the frozen put exited 0); the cut now lands with ~39 parts to go, and
    // it is a direct kill(2) rather than a spawned `kill` process.
    private const int FileBytes = 40 * 1024 * 1024;
    private const int SigStop = 19;
    private const int SigCont = 18;

    private static readonly string Owner = PrivateKey.FromHex(AnvilNode.Key0).Address.ToString();

    [Fact]
    public async Task A_put_whose_silo_freezes_or_dies_mid_call_fails_within_its_timeout_with_one_line()
    {
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        using var anvil = new AnvilNode();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var args = SiloProcess.Args(anvil.Rpc, out var httpPort);
        var gateway = "127.0.0.1:" + args.Single(a => a.StartsWith("--Orleans:GatewayPort=", StringComparison.Ordinal)).Split('=')[1];
        args.AddRange(["--Profile=Production", "--Postgres:ConnectionString=" + cs]);
        using var silo = SiloProcess.Start([.. args]);
        var work = Directory.CreateTempSubdirectory("wsc-timeout-");
        try
        {
            await WaitReadyAsync(silo, http, httpPort);
            // Warm up (grain activations, JIT, connection pools) so the measured puts start storing at once.
            var warm = Path.Combine(work.FullName, "warm.bin");
            await File.WriteAllBytesAsync(warm, new byte[300_000]);
            var warmUp = await WscProcess.RunAsync(90, "storage", "put", $"web3://{Owner}:31337/timeout/warm.bin", warm, "--key", AnvilNode.Key0, "--gateway", gateway);
            Assert.True(warmUp.ExitCode == 0, warmUp.Stderr);

            var frozenUrl = $"web3://{Owner}:31337/timeout/frozen.bin";
            var frozen = await PutAndCutAsync(frozenUrl, Path.Combine(work.FullName, "a.bin"), seed: 1, gateway, cs, () => Signal(silo.Pid, SigStop));
            // The put streams in parts: the line names the part that got no answer (the entry is published only by the
            // commit after the last part, so the file was not).
            Assert.Matches($"^wsc: storage put of {System.Text.RegularExpressions.Regex.Escape(frozenUrl)}: blobs [0-9]+\\.\\.[0-9]+ of {BlobLayout.BlobCount(FileBytes)}: no answer from the cluster at {System.Text.RegularExpressions.Regex.Escape(gateway)} within {Timeout} s \\(--timeout\\); the call may or may not have taken effect$", frozen);

            Signal(silo.Pid, SigCont);
            await WaitReadyAsync(silo, http, httpPort);
            var killedUrl = $"web3://{Owner}:31337/timeout/killed.bin";
            var killed = await PutAndCutAsync(killedUrl, Path.Combine(work.FullName, "b.bin"), seed: 2, gateway, cs, silo.Kill);
            // Whether the client notices the lost connection or waits out its timeout, the line names the call.
            Assert.StartsWith($"wsc: storage put of {killedUrl}", killed, StringComparison.Ordinal);
        }
        finally
        {
            if (!silo.HasExited)
            {
                Signal(silo.Pid, SigCont);
            }
            work.Delete(recursive: true);
        }
    }

    // Starts a put of 40 MiB, cuts the silo off once the first of its replicas is committed, and returns the CLI's
    // single stderr line after checking it exited 1 within the timeout (plus slack for a loaded machine).
    private async Task<string> PutAndCutAsync(string url, string file, int seed, string gateway, string cs, Action cut)
    {
        var bytes = new byte[FileBytes];
        new Random(seed).NextBytes(bytes);
        await File.WriteAllBytesAsync(file, bytes);
        var roots = FileBlobs.Roots(bytes);
        using var put = WscProcess.Start("storage", "put", url, file, "--key", AnvilNode.Key0, "--gateway", gateway, "--timeout", Timeout.ToString(CultureInfo.InvariantCulture));
        var started = Stopwatch.StartNew();
        await WaitForFirstRowAsync(cs, roots, put.Result);
        if (put.Result.IsCompleted)
        {
            var early = await put.Result;
            Assert.Fail($"the put finished before the silo could be cut off: exit {early.ExitCode}: {early.Stdout} {early.Stderr}");
        }
        cut();
        var result = await put.WaitAsync(90, "storage put");
        log.WriteLine($"{url}: exit {result.ExitCode} after {started.Elapsed.TotalSeconds:F1} s: {result.Stderr.Trim()}");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        // The put's own grain-call limit is 5 minutes; the CLI's is --timeout from the call, plus 1 s to close.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(Timeout + 20), $"the put took {started.Elapsed.TotalSeconds:F1} s to fail");
        return Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    private static void Signal(int pid, int signal)
    {
        if (SendSignal(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    private static async Task WaitReadyAsync(SiloProcess silo, HttpClient http, int httpPort) =>
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            if (silo.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with {silo.ExitCode}: {string.Join(" | ", silo.Stderr)}");
            }
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{httpPort}/health/ready");
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, 120, "the silo to be ready");

    private static async Task WaitForFirstRowAsync(string cs, byte[][] roots, Task put)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !put.IsCompleted)
        {
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM storage_blob_index WHERE root = ANY(@roots)", conn);
            cmd.Parameters.AddWithValue("roots", roots);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0)
            {
                return;
            }
            await Task.Delay(2);
        }
    }
}
