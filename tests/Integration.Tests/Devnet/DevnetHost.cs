using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wsc.Grains.Consensus;
using Wsc.Silo.Devnet;

namespace Wsc.Integration.Tests.Devnet;

/// <summary>A minimal generic host with only the devnet registered (what the silo gets from AddWscDevnet).</summary>
internal sealed class DevnetHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DevnetHost(IHost host) => _host = host;

    public EthereumEndpoint Endpoint => _host.Services.GetRequiredService<EthereumEndpoint>();

    public DevnetSettings Settings => _host.Services.GetRequiredService<DevnetSettings>();

    public AnvilLauncher Launcher => _host.Services.GetRequiredService<AnvilLauncher>();

    public DevnetTraffic Traffic => _host.Services.GetRequiredService<DevnetTraffic>();

    public IHostApplicationLifetime Lifetime => _host.Services.GetRequiredService<IHostApplicationLifetime>();

    public static DevnetHost Build(Dictionary<string, string?> settings, string environment = "Development")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddWscDevnet(builder.Configuration);
        return new DevnetHost(builder.Build());
    }

    public Task StartAsync() => _host.StartAsync();

    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _host.Dispose();
    }
}
