using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Wsc.Chain.Crypto;
using Wsc.Integration.Tests.Harness;
using Wsc.Storage.Stores;
using Wsc.TestKit;
using Xunit.Abstractions;

namespace Wsc.Integration.Tests.Storage;

/// <summary>
/// Issue 13, storage point 2: a large file goes through `wsc storage put` and back through `wsc storage get` and the
/// web3:// gateway, against a silo in its own process with the PostgreSQL blob store; content verified by hash, and the
/// peak memory (RSS) of the silo and of each CLI reported. Memory must not grow with the file: every side holds a few
/// blobs, not the file. The suite runs <see cref="DefaultMiB"/> MiB; the issue's 256 MiB run is
/// `WSC_LARGE_MIB=256 dotnet test tests/Integration.Tests -c Release --filter FullyQualifiedName~LargeRoundTripTests`.
/// On the old main a 100 MiB put hung until --timeout (one message over Orleans' limit) and the get was refused.
/// </summary>
public sealed class LargeRoundTripTests(ITestOutputHelper log)
{
    private const int DefaultMiB = 96;

    private static readonly string Owner = PrivateKey.FromHex(AnvilNode.Key0).Address.ToString();

    [Fact]
    public async Task A_large_file_round_trips_through_a_silo_process_with_memory_bounded_by_a_few_blobs()
    {
        var mib = int.TryParse(Environment.GetEnvironmentVariable("WSC_LARGE_MIB"), CultureInfo.InvariantCulture, out var m) ? m : DefaultMiB;
        var length = (long)mib * 1024 * 1024;
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await using (var ds = NpgsqlDataSource.Create(cs))
        {
            await StorageSchema.ApplyAsync(ds);
        }
        using var anvil = new AnvilNode();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var args = SiloProcess.Args(anvil.Rpc, out var httpPort);
        var gateway = "127.0.0.1:" + args.Single(a => a.StartsWith("--Orleans:GatewayPort=", StringComparison.Ordinal)).Split('=')[1];
        // The development profile (no membership tables to wait for) with the production blob store.
        args.AddRange(["--Profile=Development", "--Postgres:ConnectionString=" + cs, "--Storage:BlobStore=postgres"]);
        using var silo = SiloProcess.Start([.. args]);
        var work = Directory.CreateTempSubdirectory("wsc-roundtrip-");
        try
        {
            await InProcessSilo.WaitUntilAsync(async () => silo.HasExited
                ? throw new InvalidOperationException($"the silo exited with {silo.ExitCode}: {string.Join(" | ", silo.Stderr)}")
                : await IsReadyAsync(http, httpPort), 120, "the silo to be ready");
            var siloBaseline = PeakMemory.MiB(silo.Pid)!.Value;

            var input = Path.Combine(work.FullName, "in.bin");
            var hash = await WriteRandomFileAsync(input, length);
            var url = $"web3://{Owner}:31337/large/{mib}MiB.bin";

            var clock = Stopwatch.StartNew();
            using var put = WscProcess.Start("storage", "put", url, input, "--key", AnvilNode.Key0, "--gateway", gateway, "--json");
            var putPeak = await PeakMemory.WatchAsync(put.Pid, put.Result);
            var putResult = await put.WaitAsync(10, "storage put");
            var putSeconds = clock.Elapsed.TotalSeconds;
            Assert.True(putResult.ExitCode == 0, putResult.Stderr);
            Assert.Equal(length, JsonDocument.Parse(putResult.Stdout).RootElement.GetProperty("bytes").GetInt64());

            var output = Path.Combine(work.FullName, "out.bin");
            clock.Restart();
            using var get = WscProcess.Start("storage", "get", url, "-o", output, "--gateway", gateway);
            var getPeak = await PeakMemory.WatchAsync(get.Pid, get.Result);
            var getResult = await get.WaitAsync(10, "storage get");
            var getSeconds = clock.Elapsed.TotalSeconds;
            Assert.True(getResult.ExitCode == 0, getResult.Stderr);
            Assert.Equal(hash, await HashFileAsync(output));
            File.Delete(output);

            clock.Restart();
            using var response = await http.GetAsync($"http://127.0.0.1:{httpPort}/web3/{Owner}:31337/large/{mib}MiB.bin", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(length, response.Content.Headers.ContentLength);
            await using (var body = await response.Content.ReadAsStreamAsync())
            {
                Assert.Equal(hash, await SHA256.HashDataAsync(body));
            }
            var httpSeconds = clock.Elapsed.TotalSeconds;
            var siloPeak = PeakMemory.MiB(silo.Pid)!.Value;

            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mib} MiB: put {putSeconds:F1} s ({mib / putSeconds:F0} MiB/s), CLI peak RSS {putPeak:F0} MiB; get -o {getSeconds:F1} s ({mib / getSeconds:F0} MiB/s), CLI peak RSS {getPeak:F0} MiB; "
                + $"HTTP get {httpSeconds:F1} s ({mib / httpSeconds:F0} MiB/s); silo peak RSS {siloPeak:F0} MiB (after start-up {siloBaseline:F0} MiB)"));
            // Bounded memory, whatever the size: a CLI holds a few 1 MiB parts over the runtime's ~100 MiB (measured
            // 106-150 MiB at 96 and 256 MiB), the silo grows by its pools and parts in flight (measured 94-146 MiB). A
            // side that held the file would need it at least twice over (bytes plus message copy; the silo also its
            // masked replicas): at 96 MiB over 290 MiB.
            Assert.True(putPeak < 200, $"wsc storage put of {mib} MiB peaked at {putPeak:F0} MiB");
            Assert.True(getPeak < 200, $"wsc storage get of {mib} MiB peaked at {getPeak:F0} MiB");
            Assert.True(siloPeak - siloBaseline < 200, $"the silo grew from {siloBaseline:F0} to {siloPeak:F0} MiB for a {mib} MiB file");

            // A put the cluster refuses (a chain it does not follow) is one line for the user and one warning in the
            // silo's log, before anything is uploaded.
            var small = Path.Combine(work.FullName, "small.txt");
            await File.WriteAllTextAsync(small, "hello");
            var foreignUrl = $"web3://{Owner}:1/large/foreign.txt";
            var refused = await WscProcess.RunAsync(60, "storage", "put", foreignUrl, small, "--key", AnvilNode.Key0, "--gateway", gateway);
            Assert.Equal(1, refused.ExitCode);
            Assert.Equal($"wsc: put of /large/foreign.txt for chain 1: this cluster follows chain 31337 (web3://{Owner.ToLowerInvariant()}:31337/large/foreign.txt)", refused.Stderr.Trim());
            await InProcessSilo.WaitUntilAsync(() => Task.FromResult(silo.Stdout.Any(l => l.Contains(foreignUrl.ToLowerInvariant(), StringComparison.Ordinal))), 10, "the silo to log the refused put");
            Assert.Single(silo.Stdout, l => l.Contains(foreignUrl.ToLowerInvariant(), StringComparison.Ordinal));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<byte[]> WriteRandomFileAsync(string path, long length)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rng = new Random(13);
        var chunk = new byte[1 << 20];
        await using var file = File.Create(path);
        for (var done = 0L; done < length; done += chunk.Length)
        {
            rng.NextBytes(chunk);
            var n = (int)Math.Min(chunk.Length, length - done);
            sha.AppendData(chunk, 0, n);
            await file.WriteAsync(chunk.AsMemory(0, n));
        }
        return sha.GetHashAndReset();
    }

    private static async Task<byte[]> HashFileAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await SHA256.HashDataAsync(file);
    }

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
}
