using System.Diagnostics;
using System.Reflection.PortableExecutable;
using Wsc.TestKit;

namespace Wsc.Client.Tests.Install;

/// <summary>`wsc` is a tool a person installs: the set-up `./run.sh` runs publishes it precompiled behind a launcher.</summary>
public sealed class InstallWscTests : IDisposable
{
    private readonly DirectoryInfo tmp = Directory.CreateTempSubdirectory("wsc-install-");

    public void Dispose() => tmp.Delete(true);

    [Fact]
    public void Setup_publishes_a_ReadyToRun_wsc_behind_a_launcher_that_runs_from_anywhere()
    {
        // run.sh runs setup.sh, which runs the installer into .tools (whose bin/ the README puts on PATH).
        Assert.Contains("scripts/install-wsc.sh", File.ReadAllText(Path.Combine(Paths.RepoRoot, "scripts", "setup.sh")));
        Assert.Contains(".tools/bin", File.ReadAllText(Path.Combine(Paths.RepoRoot, "README.md")));

        var (exit, _, stderr) = Run("bash", Path.Combine(Paths.RepoRoot, "scripts", "install-wsc.sh"), tmp.FullName);
        Assert.True(exit == 0, stderr);

        using (var pe = new PEReader(File.OpenRead(Path.Combine(tmp.FullName, "wsc", "wsc.dll"))))
        {
            // A ReadyToRun image carries precompiled native code: the CLR header names a managed native header.
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "wsc.dll is not ReadyToRun");
        }

        var launcher = Path.Combine(tmp.FullName, "bin", "wsc");
        var help = Run(launcher, "--help");
        Assert.True(help.Exit == 0, help.Stderr);
        Assert.Contains("zkgraph", help.Stdout);

        // Building a zkGraph from another directory finds the checkout's guest SDK.
        var elf = Path.Combine(tmp.FullName, "g.elf");
        var build = Run(launcher, "zkgraph", "build", Path.Combine(Paths.RepoRoot, "guest", "examples", "erc20-volume"), "-o", elf, "--json");
        Assert.True(build.Exit == 0, build.Stderr);
        Assert.True(File.Exists(elf));
    }

    private (int Exit, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = tmp.FullName };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment.Remove("WSC_GUEST_SDK");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }
}
