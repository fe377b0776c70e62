using System.CommandLine;
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
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c =>
        {
            c.UseStaticClustering([.. endpoints]);
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
        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connecting.CancelAfter(TimeSpan.FromSeconds(15));
            await host.StartAsync(connecting.Token);
        }
        catch (Exception e)
        {
            host.Dispose();
            throw new CliException($"cannot connect to the cluster gateway at {gateway}: {e.GetBaseException().Message.ReplaceLineEndings(" ")}");
        }
        return new ClusterConnection(host, gateway, wait);
    }

    /// <summary>
    /// Runs <paramref name="call"/> against the cluster, failing with a one-line <see cref="CliException"/> naming
    /// <paramref name="what"/> when no answer comes within the timeout (Orleans' own timeout included).
    /// </summary>
    public async Task<T> CallAsync<T>(string what, Func<IClusterClient, Task<T>> call)
    {
        try
        {
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
            throw new CliException($"{what} failed: {e.Message.ReplaceLineEndings(" ")}");
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
