using System.Diagnostics;

namespace Wsc.Client.Tests.Commands;

/// <summary>Runs the built `wsc` (wsc.dll beside the test binary) as a process and captures its output.</summary>
internal static class WscProcess
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    /// <summary>Runs wsc with extra environment variables.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(Dictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wsc.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["WSC_GUEST_SDK"] = Path.Combine(Wsc.TestKit.Paths.RepoRoot, "guest");
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }
}
