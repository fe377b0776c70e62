using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wsc.Grains.Consensus;

namespace Wsc.Silo.Devnet;

/// <summary>
/// Hosted service that publishes <see cref="EthereumEndpoint"/>: when the devnet is on (`Devnet:Enabled`,
/// default on in Development) and `Ethereum:Rpc` is not set it starts anvil and publishes its URLs, otherwise it
/// publishes `Ethereum:Rpc`/`Ethereum:Ws`. Register it before the Orleans silo so the endpoint is ready first.
/// </summary>
public sealed class AnvilLauncher(DevnetSettings settings, EthereumEndpoint endpoint, IHostEnvironment environment,
    ILogger<AnvilLauncher> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The anvil this launcher started, if any.</summary>
    public AnvilProcess? Anvil { get; private set; }

    /// <summary>True when these settings make the silo start its own anvil.</summary>
    public static bool ShouldLaunch(DevnetSettings settings, IHostEnvironment environment) =>
        (settings.Enabled ?? environment.IsDevelopment()) && settings.Rpc is null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (ShouldLaunch(settings, environment))
            {
                var path = AnvilLocator.Locate(settings.AnvilPath);
                Anvil = await AnvilProcess.StartAsync(
                    new AnvilStartOptions(path, settings.Host, settings.Port, settings.BlockTime, settings.ChainId, StatePath: settings.StatePath),
                    logger, cancellationToken).ConfigureAwait(false);
                DevnetLog.AnvilStarted(logger, Anvil.ProcessId, Anvil.Rpc, settings.ChainId, settings.BlockTime);
                endpoint.Set(Anvil.Rpc, Anvil.Ws, isDevnet: true);
            }
            else if (settings.Rpc is not null)
            {
                endpoint.Set(settings.Rpc, settings.Ws);
            }
            else
            {
                throw new InvalidOperationException(
                    "Ethereum:Rpc is not set and the devnet is off (Devnet:Enabled=false or not Development): set Ethereum:Rpc or Devnet:Enabled=true");
            }
        }
        catch (Exception e)
        {
            endpoint.Fail(e);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Anvil is { } anvil)
        {
            await anvil.StopAsync().ConfigureAwait(false);
            DevnetLog.AnvilStopped(logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Anvil is { } anvil)
        {
            await anvil.DisposeAsync().ConfigureAwait(false);
        }
    }
}
