using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wsc.Grains.Consensus;

namespace Wsc.Silo.Devnet;

/// <summary>Registers the devnet: the Ethereum endpoint, the anvil launcher and the traffic generator.</summary>
public static class DevnetServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EthereumEndpoint"/> (unless the host already has one), <see cref="AnvilLauncher"/> and <see cref="DevnetTraffic"/>.
    /// Call before `UseOrleans` so anvil answers before the silo starts. Malformed settings throw one line here.
    /// </summary>
    public static IServiceCollection AddWscDevnet(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(DevnetSettings.From(configuration));
        services.TryAddSingleton<EthereumEndpoint>();
        services.AddSingleton<AnvilLauncher>();
        services.AddHostedService(sp => sp.GetRequiredService<AnvilLauncher>());
        services.AddSingleton<DevnetTraffic>();
        services.AddHostedService(sp => sp.GetRequiredService<DevnetTraffic>());
        return services;
    }
}
