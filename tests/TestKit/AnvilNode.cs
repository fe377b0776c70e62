using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Wsc.TestKit;

/// <summary>A throwaway anvil devnet on a random port (chain id 31337 unless told), killed on dispose.</summary>
public sealed class AnvilNode : IDisposable
{
    private readonly Process _process;
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "wsc-anvil-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Starts anvil; <paramref name="blockTime"/> null means mine only on demand (or on each tx).</summary>
    public AnvilNode(int? blockTime = null, ulong chainId = 31337, params string[] extraArgs)
    {
        Port = FreePort.Next();
        var psi = new ProcessStartInfo(Locate()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Anvil persists old states to disk (hundreds of KB a block) and never removes them when killed: keep them in a
        // directory of our own, deleted on dispose.
        foreach (var a in (string[])["--port", Port.ToString(), "--host", "127.0.0.1", "--chain-id", chainId.ToString(), "--silent", "--cache-path", _cache])
        {
            psi.ArgumentList.Add(a);
        }
        if (blockTime is int t)
        {
            psi.ArgumentList.Add("--block-time");
            psi.ArgumentList.Add(t.ToString());
        }
        foreach (var a in extraArgs)
        {
            psi.ArgumentList.Add(a);
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start anvil");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitReady();
    }

    /// <summary>CPU time anvil has used so far (benchmarks split the machine's time between node and client).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The anvil TCP port.</summary>
    public int Port { get; }

    /// <summary>HTTP JSON-RPC endpoint.</summary>
    public Uri Rpc => new($"http://127.0.0.1:{Port}");

    /// <summary>WebSocket JSON-RPC endpoint.</summary>
    public Uri Ws => new($"ws://127.0.0.1:{Port}");

    /// <summary>Anvil's first default account key (public knowledge; devnet only).</summary>
    public const string Key0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>The path of the anvil binary: $WSC_ANVIL, the repo's .tools/bin, or PATH.</summary>
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
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var p = Path.Combine(dir, "anvil");
            if (File.Exists(p))
            {
                return p;
            }
        }
        throw new InvalidOperationException("anvil not found: run scripts/setup.sh");
    }

    /// <summary>Sends one raw JSON-RPC request and returns its `result` (throws on an error response).</summary>
    public async Task<JsonElement> CallAsync(string method, params object?[] args)
    {
        using var http = new HttpClient();
        var resp = await http.PostAsJsonAsync(Rpc, new { jsonrpc = "2.0", id = 1, method, @params = args });
        var doc = await resp.Content.ReadFromJsonAsync<JsonElement>();
        if (doc.TryGetProperty("error", out var err))
        {
            throw new InvalidOperationException($"{method}: {err}");
        }
        return doc.GetProperty("result").Clone();
    }

    /// <summary>Mines <paramref name="blocks"/> blocks at once.</summary>
    public Task MineAsync(int blocks = 1) => CallAsync("anvil_mine", "0x" + blocks.ToString("x"));

    private void WaitReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"anvil exited with {_process.ExitCode}");
            }
            try
            {
                CallAsync("eth_chainId").GetAwaiter().GetResult();
                return;
            }
            catch (HttpRequestException)
            {
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException("anvil did not answer within 30 s");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_cache, true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }
}
