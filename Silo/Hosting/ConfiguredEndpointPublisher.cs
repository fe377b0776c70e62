using Microsoft.Extensions.Options;
using Wsc.Grains.Consensus;

namespace Wsc.Silo.Hosting;

/// <summary>Publishes `Ethereum:Rpc` / `Ethereum:Ws` as the followed endpoint when no devnet is started.</summary>
public sealed class ConfiguredEndpointPublisher(IOptions<EthereumOptions> options, EthereumEndpoint endpoint) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var (rpc, ws) = Validate(options.Value.Rpc, options.Value.Ws);
        endpoint.Set(rpc, ws);
        return Task.CompletedTask;
    }

    /// <summary>`Ethereum:Rpc` and `Ethereum:Ws` as URLs, or a one-line <see cref="StartupException"/> naming the key.</summary>
    public static (Uri Rpc, Uri? Ws) Validate(string? rpcText, string? wsText)
    {
        if (string.IsNullOrWhiteSpace(rpcText))
        {
            throw new StartupException("Ethereum:Rpc is not set (and the devnet is off): give the node's HTTP JSON-RPC URL, e.g. --Ethereum:Rpc=http://localhost:8545");
        }
        if (!Uri.TryCreate(rpcText, UriKind.Absolute, out var rpc) || (rpc.Scheme != "http" && rpc.Scheme != "https"))
        {
            throw new StartupException($"Ethereum:Rpc '{rpcText}' is not an http(s) URL");
        }
        Uri? ws = null;
        if (!string.IsNullOrWhiteSpace(wsText) && (!Uri.TryCreate(wsText, UriKind.Absolute, out ws) || (ws.Scheme != "ws" && ws.Scheme != "wss")))
        {
            throw new StartupException($"Ethereum:Ws '{wsText}' is not a ws(s) URL");
        }
        return (rpc, ws);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
