using System.Diagnostics;
using System.Net;
using Wsc.Integration.Tests.Harness;
using Wsc.TestKit;
using Xunit.Abstractions;

namespace Wsc.Integration.Tests.FirstHour;

/// <summary>The README's first hour, pasted in order, against a development silo started as `./run.sh` starts it.</summary>
public sealed class FirstHourTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _tmp = Directory.CreateTempSubdirectory("wsc-first-hour-");

    public void Dispose() => _tmp.Delete(true);

    [Fact]
    public async Task The_readmes_first_hour_runs_as_written_against_a_development_silo()
    {
        var readme = ReadmeFirstHour.Parse(await File.ReadAllTextAsync(Path.Combine(Paths.RepoRoot, "README.md")));
        Assert.Equal("./run.sh", readme.Server);

        // The script's first line puts .tools/bin on PATH: install (or refresh) wsc there, as ./run.sh's set-up does.
        var install = await RunAsync("bash", [Path.Combine(Paths.RepoRoot, "scripts", "install-wsc.sh")], new Dictionary<string, string>(), 300);
        Assert.True(install.Exit == 0, install.Stderr);

        // ./run.sh's silo (development profile, its own devnet, a data directory), on ports of its own so tests can run
        // side by side: the script reaches it through WSC_GATEWAY and the HTTP port written in for 8080.
        var http = FreePort.Next();
        var gateway = FreePort.Next();
        using var silo = SiloProcess.Start($"--Http:Port={http}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={gateway}",
            "--Devnet:Port=0", $"--Development:DataDir={Path.Combine(_tmp.FullName, "data")}", "--Logging:LogLevel:Default=Warning");
        using (var client = new HttpClient())
        {
            await InProcessSilo.WaitUntilAsync(async () =>
            {
                try
                {
                    return (await client.GetAsync(new Uri($"http://127.0.0.1:{http}/health/ready"))).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return !silo.HasExited && false;
                }
            }, 90, "the development silo to be ready");
        }

        var wsc = Path.Combine(Paths.RepoRoot, ".tools", "bin", "wsc");
        var help = await RunAsync(wsc, ["zkgraph", "--help"], new Dictionary<string, string>(), 30);
        var zkgraph = help.Stdout.Split('\n').Select(l => l.Trim().Split(' ')[0]).Where(w => w.Length > 0 && w.All(char.IsAsciiLetterLower)).ToHashSet();
        var lines = readme.Runnable(zkgraph, out var skipped);
        foreach (var s in skipped)
        {
            // The hook: these run as soon as this build has the command (wsc zkgraph deploy/outputs come with the cluster's zkGraphs).
            output.WriteLine($"not run (this wsc lacks the command): {s}");
        }
        Assert.Contains(lines, l => l.StartsWith("wsc storage put", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("wsc zkgraph build", StringComparison.Ordinal));

        var script = Path.Combine(_tmp.FullName, "first-hour.sh");
        await File.WriteAllTextAsync(script, string.Join('\n', lines).Replace("localhost:8080", $"localhost:{http}", StringComparison.Ordinal) + "\n");
        var run = await RunAsync("bash", ["-euo", "pipefail", script], new Dictionary<string, string> { ["WSC_GATEWAY"] = $"127.0.0.1:{gateway}" }, 240);
        output.WriteLine(run.Stdout);
        Assert.True(run.Exit == 0, $"the first hour failed (exit {run.Exit}): {run.Stderr}\n{run.Stdout}");
        Assert.Contains("<h1>hello, world supercomputer</h1>", run.Stdout); // the gateway served the stored file
        Assert.Contains("eth-31337", run.Stdout);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, string[] args, Dictionary<string, string> env, int seconds)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Paths.RepoRoot };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {seconds} s: {await stdout} {await stderr}");
        }
        return (p.ExitCode, await stdout, await stderr);
    }
}
