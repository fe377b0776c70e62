using System.Collections.Concurrent;
using System.Diagnostics;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Harness;

/// <summary>A silo in its own OS process (`dotnet wsc-silo.dll`), so tests can SIGKILL it.</summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private SiloProcess(Process process) => _process = process;

    /// <summary>Lines the silo wrote on stderr.</summary>
    public IReadOnlyList<string> Stderr => [.. _stderr];

    /// <summary>Lines the silo wrote on stdout (its log).</summary>
    public IReadOnlyList<string> Stdout => [.. _stdout];

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int Pid => _process.Id;

    /// <summary>Starts `wsc-silo` with command-line configuration <paramref name="args"/> (`--Key=Value`).</summary>
    public static SiloProcess Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "wsc-silo.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start wsc-silo");
        var silo = new SiloProcess(p);
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                silo._stdout.Enqueue(e.Data);
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                silo._stderr.Enqueue(e.Data);
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for the process to exit by itself; false on timeout.</summary>
    public bool WaitForExit(int seconds)
    {
        if (!_process.WaitForExit(seconds * 1000))
        {
            return false;
        }
        _process.WaitForExit();
        return true;
    }

    /// <summary>SIGKILL: no shutdown hooks, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
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
        _process.Dispose();
    }

    /// <summary>Common arguments: random ports, quiet logs, a given node.</summary>
    public static List<string> Args(Uri rpc, out int httpPort)
    {
        httpPort = FreePort.Next();
        return
        [
            $"--Http:Port={httpPort}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:GatewayPort={FreePort.Next()}",
            $"--Ethereum:Rpc={rpc}",
            "--Ethereum:PollIntervalMs=100",
            "--Devnet:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
        ];
    }
}
