using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wsc.Client.Cli;

/// <summary>
/// Connects the CLI to the cluster: `--gateway host:port` (default localhost:30000) with static gateway
/// clustering, or the production ADO.NET clustering when `--postgres` (or WSC_POSTGRES) is given.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _gateway;
    private readonly TimeSpan _timeout;
    private bool _timedOut;

    private ClusterConnection(IHost host, string gateway, TimeSpan timeout)
    {
        _host = host;
        _gateway = gateway;
        _timeout = timeout;
    }

    /// <summary>The Orleans client.</summary>
    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>`--gateway host:port`.</summary>
    public static readonly Option<string> GatewayOption = new("--gateway")
    {
        Description = "Orleans gateway host:port (or several, comma-separated)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WSC_GATEWAY") ?? "localhost:30000",
        Recursive = true,
    };

    /// <summary>`--chain-id N`: which followed chain to ask about.</summary>
    public static readonly Option<ulong> ChainIdOption = new("--chain-id")
    {
        Description = "Ethereum chain id of the followed chain",
        DefaultValueFactory = _ => 31337,
        Recursive = true,
    };

    /// <summary>`--timeout SECONDS`: how long one command waits for the cluster's answer.</summary>
    public static readonly Option<double> TimeoutOption = new("--timeout")
    {
        Description = "seconds to wait for the cluster's answer before giving up (a silo that died mid-call never answers)",
        DefaultValueFactory = _ => double.TryParse(Environment.GetEnvironmentVariable("WSC_TIMEOUT"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 60,
        Recursive = true,
    };

    /// <summary>`--json`: print one JSON document and nothing else.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "print one JSON document on stdout" };

    /// <summary>
    /// Connects to the gateway in <paramref name="gateway"/>; a one-line error when it is unreachable. Grain calls made
    /// through <see cref="CallAsync"/> give up after <paramref name="timeout"/> (default 60 s), which is also the
    /// client's Orleans response timeout.
    /// </summary>
    public static async Task<ClusterConnection> ConnectAsync(string gateway, CancellationToken ct, TimeSpan? timeout = null)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(60);
        if (wait <= TimeSpan.Zero || wait > TimeSpan.FromDays(1))
        {
            throw new CliException($"--timeout {wait.TotalSeconds}: expected more than 0 and at most 86400 seconds");
        }
        // A comma-separated list names several gateways: the client spreads over them and survives losing one.
        var endpoints = new List<IPEndPoint>();
        foreach (var one in gateway.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            endpoints.Add(await ResolveAsync(one, ct));
        }
        if (endpoints.Count == 0)
        {
            throw new CliException($"--gateway '{gateway}' is not host:port");
        }
        // Fail fast when nothing listens: Orleans' own client retries a refused gateway until its start is cancelled.
        // One answering gateway is enough; with none, the first one's failure names what was tried.
        var deadline = Stopwatch.StartNew();
        CliException? unreachable = null;
        foreach (var (name, endpoint) in gateway.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Zip(endpoints))
        {
            try
            {
                await ProbeAsync(endpoints.Count == 1 ? gateway : name, endpoint, ct);
                unreachable = null;
                break;
            }
            catch (CliException e)
            {
                unreachable ??= e;
            }
        }
        if (unreachable is not null)
        {
            throw endpoints.Count == 1 ? unreachable : new CliException($"{unreachable.Message} (and every other gateway in '{gateway}')");
        }
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c =>
        {
            c.UseStaticClustering([.. endpoints]);
            c.AddMemoryStreams(Wsc.Grains.Interfaces.LiveFeeds.Provider);
            c.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = Environment.GetEnvironmentVariable("WSC_CLUSTER_ID") ?? "wsc";
                o.ServiceId = Environment.GetEnvironmentVariable("WSC_SERVICE_ID") ?? "wsc";
            });
            c.Configure<Orleans.Configuration.GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(30));
            // Methods with their own [ResponseTimeout] ignore this; CallAsync enforces the limit for those.
            c.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = wait);
        });
        var host = builder.Build();
        var budget = ConnectBudget < wait ? ConnectBudget : wait;
        var left = budget - deadline.Elapsed;
        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connecting.CancelAfter(left > TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
            await host.StartAsync(connecting.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            host.Dispose();
            throw new CliException($"cannot connect to the cluster gateway at {gateway}: it accepts connections but no Orleans gateway answered within {budget.TotalSeconds:0.#} s (wrong port, or the silo is still starting)");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new CliException($"cannot connect to the cluster gateway at {gateway}: {FailoverRetry.Describe(e)}");
        }
        return new ClusterConnection(host, gateway, wait);
    }

    /// <summary>
    /// How long the Orleans handshake may take once something accepted the TCP connection (a dead silo or host is
    /// caught by the 2-second probe before this): generous, because a busy machine starts the client slowly (over
    /// 10 s was seen with builds running beside tests). `WSC_CONNECT_TIMEOUT` (seconds) overrides it.
    /// </summary>
    public static TimeSpan ConnectBudget { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("WSC_CONNECT_TIMEOUT"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="call"/> against the cluster, failing with a one-line <see cref="CliException"/> naming
    /// <paramref name="what"/> when no answer comes within the timeout (Orleans' own timeout included). With
    /// <paramref name="idempotent"/>, failures that mean the cluster is failing over are retried for
    /// <see cref="FailoverRetry.DefaultWindow"/> (bounded by the timeout): only for calls that may safely run twice.
    /// </summary>
    public async Task<T> CallAsync<T>(string what, Func<IClusterClient, Task<T>> call, bool idempotent = false)
    {
        try
        {
            if (idempotent)
            {
                var retry = new FailoverRetry(_timeout < FailoverRetry.DefaultWindow ? _timeout : FailoverRetry.DefaultWindow);
                return await retry.RunAsync(what, _gateway, () => call(Client)).WaitAsync(_timeout);
            }
            return await call(Client).WaitAsync(_timeout);
        }
        catch (TimeoutException)
        {
            _timedOut = true;
            throw new CliException($"{what}: no answer from the cluster at {_gateway} within {_timeout.TotalSeconds:0.###} s (--timeout); the call may or may not have taken effect");
        }
        catch (Exception e) when (e is not (ArgumentException or CliException))
        {
            // Lost connections, unavailable silos and the cluster's own errors: one line naming the call.
            throw new CliException($"{what} failed: {FailoverRetry.Describe(e)}", e);
        }
    }

    /// <summary><see cref="CallAsync{T}(string, Func{IClusterClient, Task{T}}, bool)"/> for calls without a result.</summary>
    public Task CallAsync(string what, Func<IClusterClient, Task> call, bool idempotent = false) =>
        CallAsync(what, async c =>
        {
            await call(c);
            return true;
        }, idempotent);

    private static async Task ProbeAsync(string gateway, IPEndPoint endpoint, CancellationToken ct)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
        probe.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await socket.ConnectAsync(endpoint, probe.Token);
        }
        catch (SocketException e)
        {
            var why = e.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused (is a silo running? ./run.sh)" : e.Message;
            throw new CliException($"cannot connect to the cluster gateway at {gateway}: {why}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"cannot connect to the cluster gateway at {gateway}: no answer within 2 s");
        }
    }

    private static async Task<IPEndPoint> ResolveAsync(string gateway, CancellationToken ct)
    {
        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535)
        {
            throw new CliException($"--gateway '{gateway}' is not host:port");
        }
        var host = gateway[..colon];
        if (IPAddress.TryParse(host, out var ip))
        {
            return new IPEndPoint(ip, port);
        }
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, ct);
            var v4 = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
            return new IPEndPoint(v4, port);
        }
        catch (SocketException e)
        {
            throw new CliException($"--gateway host '{host}' does not resolve: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // After a timeout the gateway is likely gone: do not wait long to close politely.
            await _host.StopAsync(TimeSpan.FromSeconds(_timedOut ? 1 : 5));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
