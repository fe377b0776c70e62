using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Wsc.Chain.Rpc;
using Wsc.TestKit;

namespace Wsc.Chain.Tests.Fixtures;

/// <summary>A throwaway anvil devnet on a random loopback port, killed on dispose.</summary>
public sealed class AnvilProcess : IDisposable
{
    private readonly Process _process;

    public AnvilProcess(params string[] extraArgs)
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        Port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var psi = new ProcessStartInfo(Locate()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--silent", .. extraArgs])
        {
            psi.ArgumentList.Add(a);
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start anvil");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri Http => new($"http://127.0.0.1:{Port}");

    public Uri Ws => new($"ws://127.0.0.1:{Port}");

    /// <summary>Waits until anvil answers eth_chainId.</summary>
    public async Task<EthRpcClient> ReadyClientAsync()
    {
        var rpc = new EthRpcClient(Http, new RpcOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(5) });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await rpc.ChainIdAsync(default);
                rpc.Dispose();
                return new EthRpcClient(Http, new RpcOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(20) });
            }
            catch (RpcTransportException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>$WSC_ANVIL, the repository's .tools/bin/anvil, or anvil on PATH.</summary>
    public static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("WSC_ANVIL");
        if (!string.IsNullOrEmpty(env) && File.Exists(env))
        {
            return env;
        }
        var local = Path.Combine(Paths.RepoRoot, ".tools", "bin", "anvil");
        if (File.Exists(local))
        {
            return local;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, "anvil");
            if (File.Exists(p))
            {
                return p;
            }
        }
        throw new InvalidOperationException("anvil not found (set WSC_ANVIL, or install it into .tools/bin with scripts/setup.sh)");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
