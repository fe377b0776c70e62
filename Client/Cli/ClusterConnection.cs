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

    private ClusterConnection(IHost host) => _host = host;

    /// <summary>The Orleans client.</summary>
    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>`--gateway host:port`.</summary>
    public static readonly Option<string> GatewayOption = new("--gateway")
    {
        Description = "Orleans gateway host:port",
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

    /// <summary>`--json`: print one JSON document and nothing else.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "print one JSON document on stdout" };

    /// <summary>Connects to the gateway in <paramref name="gateway"/>; a one-line error when it is unreachable.</summary>
    public static async Task<ClusterConnection> ConnectAsync(string gateway, CancellationToken ct)
    {
        var endpoint = await ResolveAsync(gateway, ct);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c =>
        {
            c.UseStaticClustering(endpoint);
            c.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = Environment.GetEnvironmentVariable("WSC_CLUSTER_ID") ?? "wsc";
                o.ServiceId = Environment.GetEnvironmentVariable("WSC_SERVICE_ID") ?? "wsc";
            });
            c.Configure<Orleans.Configuration.GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(30));
        });
        var host = builder.Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await host.StartAsync(timeout.Token);
        }
        catch (Exception e)
        {
            host.Dispose();
            throw new CliException($"cannot connect to the cluster gateway at {gateway}: {e.GetBaseException().Message.ReplaceLineEndings(" ")}");
        }
        return new ClusterConnection(host);
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
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
