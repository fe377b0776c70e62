using Microsoft.Extensions.Options;
using Wsc.Grains.Consensus;

namespace Wsc.Silo.Hosting;

/// <summary>Publishes `Ethereum:Rpc` / `Ethereum:Ws` as the followed endpoint when no devnet is started.</summary>
public sealed class ConfiguredEndpointPublisher(IOptions<EthereumOptions> options, EthereumEndpoint endpoint) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Rpc))
        {
            throw new StartupException("Ethereum:Rpc is not set (and the devnet is off): give the node's HTTP JSON-RPC URL");
        }
        if (!Uri.TryCreate(o.Rpc, UriKind.Absolute, out var rpc) || (rpc.Scheme != "http" && rpc.Scheme != "https"))
        {
            throw new StartupException($"Ethereum:Rpc '{o.Rpc}' is not an http(s) URL");
        }
        Uri? ws = null;
        if (!string.IsNullOrWhiteSpace(o.Ws) && (!Uri.TryCreate(o.Ws, UriKind.Absolute, out ws) || (ws.Scheme != "ws" && ws.Scheme != "wss")))
        {
            throw new StartupException($"Ethereum:Ws '{o.Ws}' is not a ws(s) URL");
        }
        endpoint.Set(rpc, ws);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
