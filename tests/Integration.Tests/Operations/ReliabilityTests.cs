using System.Diagnostics;
using System.Text.Json;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// The short version of the reliability run (deploy/local/reliability.sh 120; the documented run is 600 s): three
/// production silos under a mixed load of tick, storage and zkGraph-output reads and storage writes, rolled one at a
/// time and then one crashed with SIGKILL, while small proof jobs (several segments each) are submitted throughout. No
/// request fails, every acknowledged write reads back, every block is ticked exactly once with anvil's hash, and every
/// proof job submitted is listed verified by the cluster.
/// </summary>
public sealed class ReliabilityTests
{
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    [Fact]
    public async Task Two_minutes_of_mixed_load_through_a_roll_and_a_sigkill_lose_no_request_write_or_tick()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wsc-reliability-" + Guid.NewGuid().ToString("N")[..10]);
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(Paths.RepoRoot, "deploy", "local", "reliability.sh"));
        psi.ArgumentList.Add("120");
        psi.Environment["WSC_CLUSTER_DIR"] = dir;
        psi.Environment["WSC_SILO_DLL"] = Path.Combine(Paths.RepoRoot, "Silo", "bin", Configuration, "net10.0", "wsc-silo.dll");
        psi.Environment["WSC_CLI_DLL"] = Path.Combine(Paths.RepoRoot, "Client", "bin", Configuration, "net10.0", "wsc.dll");
        psi.Environment["PATH"] = Path.Combine(Paths.RepoRoot, ".tools", "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(true);
            throw new TimeoutException($"reliability.sh 120 did not finish in 10 minutes: {await stderr}");
        }
        var log = await stderr;
        var json = await stdout;
        Assert.False(Directory.Exists(dir), $"the cluster's state directory {dir} is left behind");
        Assert.True(json.Length > 0, $"reliability.sh printed nothing (exit {p.ExitCode}): {log}");

        var result = JsonDocument.Parse(json).RootElement;
        var ticks = result.GetProperty("ticks");
        Assert.True(ticks.GetProperty("head").GetUInt64() >= 60, json);
        Assert.Equal(0, ticks.GetProperty("missing").GetInt32());
        Assert.Equal(0, ticks.GetProperty("duplicated").GetInt32());
        Assert.Equal(0, ticks.GetProperty("mismatched").GetInt32());
        var scenarios = result.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("scenario").GetString()!);
        Assert.Equal(["ticks", "storage-get", "zkgraph-outputs", "storage-put", "prove"], scenarios.Keys);
        foreach (var (name, s) in scenarios)
        {
            Assert.True(s.TryGetProperty("errors", out var errors) && errors.GetInt64() == 0, $"{name}: {s}");
            Assert.True(s.GetProperty("requests").GetInt64() > 0, $"{name}: {s}");
        }
        var puts = scenarios["storage-put"];
        Assert.Equal(puts.GetProperty("requests").GetInt64(), puts.GetProperty("verifiedWrites").GetInt64());
        Assert.Equal(0, puts.GetProperty("lostWrites").GetInt64());
        var proofs = result.GetProperty("proofJobs");
        var submitted = proofs.GetProperty("submitted").GetInt64();
        Assert.Equal(scenarios["prove"].GetProperty("requests").GetInt64(), submitted);
        Assert.True(submitted >= 5, json);
        Assert.Equal(submitted, proofs.GetProperty("listed").GetInt64());
        Assert.Equal(submitted, proofs.GetProperty("verified").GetInt64());
        Assert.True(proofs.GetProperty("segments").GetInt64() >= 2 * submitted, $"jobs of one segment: {json}");
        Assert.True(result.GetProperty("rollSeconds").GetInt32() > 0, json);
        Assert.Contains("silo 2 killed (SIGKILL", log, StringComparison.Ordinal);
        Assert.Contains("rolled 3 silos", log, StringComparison.Ordinal);
        Assert.True(result.GetProperty("ok").GetBoolean(), json);
        Assert.Equal(0, p.ExitCode);
    }
}
