using System.Diagnostics;

namespace Wsc.Integration.Tests.Db;

/// <summary>Runs the real `wsc` binary built beside the tests and captures exit code, stdout and stderr.</summary>
internal static class WscCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    // wsc runs from its own build output (same configuration as the tests): the copy beside the tests has no
    // wsc.deps.json and this test project's ASP.NET framework reference hides assemblies wsc needs.
    private static readonly string WscDll = Path.Combine(Wsc.TestKit.Paths.RepoRoot, "Client", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "wsc.dll");

    public static Task<Result> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs wsc with extra environment variables (e.g. WSC_CLUSTER_ID).</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }
        psi.ArgumentList.Add(WscDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        return new Result(p.ExitCode, await stdout, await stderr);
    }
}
