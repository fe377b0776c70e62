using Wsc.Silo.Devnet;
using GrainsEndpoint = Wsc.Grains.Consensus.EthereumEndpoint;

namespace Wsc.Silo.Hosting;

/// <summary>Adds the development devnet (anvil launcher and traffic generator) and hands its endpoint to the follower.</summary>
public static class DevnetHosting
{
    public static void Add(IServiceCollection services, ConfigurationManager config)
    {
        // The Development profile decides here, whatever the ASP.NET environment name says.
        config["Devnet:Enabled"] = "true";
        services.AddWscDevnet(config);
        services.AddHostedService<EndpointBridge>();
    }

    /// <summary>Copies the devnet's published endpoint (or its failure) to the one the chain grains read.</summary>
    private sealed class EndpointBridge(EthereumEndpoint devnet, GrainsEndpoint follower) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = devnet.WaitReadyAsync(CancellationToken.None).ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    follower.Set(devnet.Rpc, devnet.Ws);
                }
                else
                {
                    follower.Fail(t.Exception?.GetBaseException() ?? new InvalidOperationException("the devnet did not start"));
                }
            }, TaskScheduler.Default);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
