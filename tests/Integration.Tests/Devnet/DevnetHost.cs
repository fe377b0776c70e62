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

    private bool _started;

    public async Task StartAsync()
    {
        try
        {
            await _host.StartAsync();
            _started = true;
        }
        catch
        {
            // Stop what did start (the anvil process); a host that failed before starting anything cannot be
            // stopped at all, and that failure must not hide the start's own.
            try
            {
                await _host.StopAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentNullException)
            {
            }
            throw;
        }
    }

    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        // A host that never started cannot be stopped (StopAsync throws), and that would hide the test's own failure.
        if (_started)
        {
            await _host.StopAsync();
        }
        _host.Dispose();
    }
}
