using System.Diagnostics;
using System.Text.Json;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// Drives deploy/local/cluster.sh with a state directory of its own and the silo and wsc binaries of this build;
/// disposing runs `down`, so no PostgreSQL, anvil or silo outlives the test.
/// </summary>
internal sealed class LocalCluster : IDisposable
{
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "wsc-cluster-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>Runs `cluster.sh ARGS`; throws with its output when it fails.</summary>
    public string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(Paths.RepoRoot, "deploy", "local", "cluster.sh"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["WSC_CLUSTER_DIR"] = Dir;
        // The binaries from each project's own build output (their deps files are their own).
        psi.Environment["WSC_SILO_DLL"] = Path.Combine(Paths.RepoRoot, "Silo", "bin", Configuration, "net10.0", "wsc-silo.dll");
        psi.Environment["WSC_CLI_DLL"] = Path.Combine(Paths.RepoRoot, "Client", "bin", Configuration, "net10.0", "wsc.dll");
        psi.Environment["PATH"] = Path.Combine(Paths.RepoRoot, ".tools", "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["WSC_SILO_ARGS"] = "--Logging:LogLevel:Default=Warning --Ethereum:PollIntervalMs=100";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000))
        {
            p.Kill(true);
            throw new TimeoutException($"cluster.sh {string.Join(' ', args)} did not finish in 300 s: {stderr.Result}");
        }
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}{stdout.Result}");
        }
        return stdout.Result;
    }

    /// <summary>`cluster.sh status --json`.</summary>
    public JsonElement Status() => JsonDocument.Parse(Run("status", "--json")).RootElement.Clone();

    public void Dispose()
    {
        try
        {
            Run("down");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // A failing down must not hide the test's own failure; the directory names what is left.
            Console.Error.WriteLine($"cluster.sh down failed for {Dir}: {e.Message}");
        }
    }
}
