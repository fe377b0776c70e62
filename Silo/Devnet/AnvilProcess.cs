using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Wsc.Silo.Devnet;

/// <summary>
/// One running anvil, killed by <see cref="StopAsync"/>, by process exit, and — if this process dies without
/// running either (SIGKILL, OOM) — within about a second by a tiny `/bin/sh` watchdog that polls the owner pid.
/// The watchdog is Unix-only; elsewhere an orphaned anvil must be stopped by hand.
/// </summary>
public sealed partial class AnvilProcess : IAsyncDisposable
{
    // Loops while owner ($1) and anvil ($2) live; kills anvil only when the owner is gone.
    private const string WatchdogScript =
        "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; " +
        "kill -0 \"$1\" 2>/dev/null || kill -9 \"$2\" 2>/dev/null; exit 0";

    private readonly Process _anvil;
    private readonly Process? _watchdog;
    private readonly ILogger _log;
    private readonly EventHandler _onProcessExit;
    private readonly bool _dumpsState;
    private int _stopped;
    private bool _exited;

    private AnvilProcess(Process anvil, Process? watchdog, int port, string host, ILogger log, bool dumpsState = false)
    {
        _dumpsState = dumpsState;
        _anvil = anvil;
        _watchdog = watchdog;
        _log = log;
        Port = port;
        var urlHost = host is "0.0.0.0" or "::" ? "127.0.0.1" : host;
        Rpc = new Uri($"http://{urlHost}:{port}");
        Ws = new Uri($"ws://{urlHost}:{port}");
        _onProcessExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    /// <summary>anvil's process id.</summary>
    public int ProcessId => _anvil.Id;

    /// <summary>The TCP port anvil listens on.</summary>
    public int Port { get; }

    /// <summary>HTTP JSON-RPC URL.</summary>
    public Uri Rpc { get; }

    /// <summary>WebSocket JSON-RPC URL (same port).</summary>
    public Uri Ws { get; }

    /// <summary>True while anvil runs.</summary>
    public bool IsRunning => !_exited && !_anvil.HasExited;

    /// <summary>Starts anvil and returns once it answers `eth_chainId` with the expected id (30 s at most).</summary>
    public static async Task<AnvilProcess> StartAsync(AnvilStartOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        // A random port can be taken between choosing and binding it: retry a few times on a new one.
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port == 0 ? FreePort() : options.Port;
            try
            {
                return await StartOnceAsync(options, port, logger, cancellationToken).ConfigureAwait(false);
            }
            catch (AnvilExitedException) when (options.Port == 0 && attempt < 3)
            {
                DevnetLog.PortRetry(logger, port);
            }
        }
    }

    private static async Task<AnvilProcess> StartOnceAsync(AnvilStartOptions options, int port, ILogger log, CancellationToken ct)
    {
        var psi = Detached(options.Path);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        // --prune-history: the recent 256 states stay in memory and none go to disk. By default anvil persists old states
        // under ~/.foundry/anvil/tmp (hundreds of KB a block, never removed when it is killed): a devnet ticking once a
        // second would fill the disk in days.
        string[] args = ["--host", options.Host, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--chain-id", options.ChainId.ToString(CultureInfo.InvariantCulture), "--prune-history", "256"];
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        if (options.StatePath is { } state)
        {
            // Loaded at start (blocks and hashes included, so the follower's cursor still matches), dumped every 2 s and
            // on SIGTERM: a killed silo loses at most the last 2 s of blocks, which the follower then sees as a short reorg.
            psi.ArgumentList.Add("--state");
            psi.ArgumentList.Add(state);
            psi.ArgumentList.Add("--state-interval");
            psi.ArgumentList.Add("2");
        }
        if (options.BlockTime is double bt)
        {
            psi.ArgumentList.Add("--block-time");
            psi.ArgumentList.Add(bt.ToString("0.###", CultureInfo.InvariantCulture));
        }
        Process anvil;
        try
        {
            anvil = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start anvil at {options.Path}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start anvil at {options.Path}: {e.Message}", e);
        }
        var lastError = "";
        anvil.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                DevnetLog.AnvilOut(log, line);
            }
        };
        anvil.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lastError = line;
                DevnetLog.AnvilErr(log, line);
            }
        };
        anvil.BeginOutputReadLine();
        anvil.BeginErrorReadLine();
        var watchdog = StartWatchdog(options.OwnerPid ?? Environment.ProcessId, anvil.Id, log);
        var process = new AnvilProcess(anvil, watchdog, port, options.Host, log, options.StatePath is not null);
        try
        {
            await process.WaitAnswersAsync(options.ChainId, () => lastError, ct).ConfigureAwait(false);
            return process;
        }
        catch
        {
            await process.StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WaitAnswersAsync(ulong chainId, Func<string> lastError, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var rpc = new DevnetRpc(http, Rpc);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_anvil.HasExited)
            {
                var why = lastError();
                throw new AnvilExitedException($"anvil exited with code {_anvil.ExitCode} before answering on {Rpc}{(why.Length > 0 ? ": " + why : "")}");
            }
            try
            {
                var reported = await rpc.ChainIdAsync(ct).ConfigureAwait(false);
                if (reported != chainId)
                {
                    throw new InvalidOperationException($"anvil on {Rpc} reports chain id {reported}, expected {chainId}");
                }
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"anvil did not answer on {Rpc} within 30 s");
                }
                await Task.Delay(50, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="path"/> in a session of its own (`setsid`, which execs it in place: same process id) where
    /// there is one: a Ctrl+C or a signal to the silo's process group then reaches the silo, which stops anvil after its
    /// own graceful shutdown, instead of killing anvil (and the watchdog) while the silo still drains.
    /// </summary>
    private static ProcessStartInfo Detached(string path)
    {
        var psi = new ProcessStartInfo { UseShellExecute = false };
        if (OperatingSystem.IsLinux() && File.Exists(SetSid))
        {
            psi.FileName = SetSid;
            psi.ArgumentList.Add(path);
        }
        else
        {
            psi.FileName = path;
        }
        return psi;
    }

    private const string SetSid = "/usr/bin/setsid";

    private static Process? StartWatchdog(int ownerPid, int anvilPid, ILogger log)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            DevnetLog.NoWatchdog(log);
            return null;
        }
        var psi = Detached("/bin/sh");
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        foreach (var a in (string[])["-c", WatchdogScript, "wsc-anvil-watchdog", ownerPid.ToString(CultureInfo.InvariantCulture), anvilPid.ToString(CultureInfo.InvariantCulture)])
        {
            psi.ArgumentList.Add(a);
        }
        try
        {
            return Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            DevnetLog.WatchdogFailed(log, e.Message);
            return null;
        }
    }

    /// <summary>Kills anvil (and its watchdog) and waits until it is gone (5 s at most).</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        if (_dumpsState && !_anvil.HasExited && OperatingSystem.IsLinux() && SignalTerminate(_anvil.Id) == 0)
        {
            // SIGTERM lets anvil dump its chain to --state before it exits; a kill would lose the last interval.
            using var dump = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _anvil.WaitForExitAsync(dump.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Fall through to the kill below.
            }
        }
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _anvil.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            _exited = true;
        }
        catch (OperationCanceledException)
        {
            DevnetLog.AnvilLingers(_log, SafeId(_anvil));
        }
        if (_exited)
        {
            _anvil.Dispose();
        }
        _watchdog?.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void Kill()
    {
        foreach (var p in (Process?[])[_anvil, _watchdog])
        {
            try
            {
                if (p is not null && !p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already exited between the check and the kill.
            }
        }
    }

    private static int SafeId(Process p)
    {
        try
        {
            return p.Id;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    private static int SignalTerminate(int pid) => SendSignal(pid, 15);

    private sealed class AnvilExitedException(string message) : InvalidOperationException(message);
}
