using System.Diagnostics;
using Wsc.Integration.Tests.Db;

namespace Wsc.Integration.Tests.Storage;

/// <summary>
/// A running `wsc` command whose completion can be watched while the test does other things (such as killing the
/// silo it talks to); disposing kills it if it is still running, so no CLI outlives its test.
/// </summary>
internal sealed class WscProcess : IDisposable
{
    // Same binary as WscCli: wsc's own build output, whose deps file this test project's references do not disturb.
    private static readonly string WscDll = Path.Combine(Wsc.TestKit.Paths.RepoRoot, "Client", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0", "wsc.dll");

    private readonly Process _process;
    private readonly Task<WscCli.Result> _result;

    private WscProcess(Process process)
    {
        _process = process;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        _result = Task.Run(async () =>
        {
            await process.WaitForExitAsync();
            return new WscCli.Result(process.ExitCode, await stdout, await stderr);
        });
    }

    /// <summary>The process id (to watch its memory).</summary>
    public int Pid => _process.Id;

    /// <summary>Completes when the command exits.</summary>
    public Task<WscCli.Result> Result => _result;

    /// <summary>Starts `wsc ARGS` from the Client project's own build output (as <see cref="WscCli"/> does).</summary>
    public static WscProcess Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(WscDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return new WscProcess(Process.Start(psi) ?? throw new InvalidOperationException("cannot start wsc"));
    }

    /// <summary>Runs `wsc ARGS` to completion; kills it and throws after <paramref name="seconds"/>.</summary>
    public static async Task<WscCli.Result> RunAsync(int seconds, params string[] args)
    {
        using var wsc = Start(args);
        return await wsc.WaitAsync(seconds, string.Join(' ', args.Take(2)));
    }

    /// <summary>The result, or a kill and a <see cref="TimeoutException"/> after <paramref name="seconds"/>.</summary>
    public async Task<WscCli.Result> WaitAsync(int seconds, string what)
    {
        try
        {
            return await _result.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            Kill();
            var partial = await _result.WaitAsync(TimeSpan.FromSeconds(10));
            throw new TimeoutException($"wsc {what} did not exit within {seconds} s; it wrote: {partial.Stdout.Trim()} {partial.Stderr.Trim()}");
        }
    }

    /// <summary>
    /// The result if the command exits within <paramref name="seconds"/>; otherwise kills it and returns what it wrote
    /// (exit code -1).
    /// </summary>
    public async Task<WscCli.Result> ExitedWithinAsync(int seconds)
    {
        try
        {
            return await _result.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            Kill();
            var partial = await _result.WaitAsync(TimeSpan.FromSeconds(10));
            return partial with { ExitCode = -1 };
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
