using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Silo.Hosting;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Harness;

/// <summary>The real silo host (SiloHost.Build) in this process, on random ports, following a given node.</summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSilo(WebApplication app, int httpPort, int gatewayPort)
    {
        _app = app;
        HttpPort = httpPort;
        GatewayPort = gatewayPort;
    }

    public int HttpPort { get; }

    public int GatewayPort { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's services (e.g. its development state).</summary>
    public IServiceProvider Services => _app.Services;

    public IChainGrain Chain => Grains.GetGrain<IChainGrain>("eth-31337");

    /// <summary>Starts a development-profile silo following <paramref name="rpc"/> with extra settings.</summary>
    public static Task<InProcessSilo> StartAsync(Uri rpc, params (string Key, string Value)[] settings) =>
        StartCoreAsync([("Ethereum:Rpc", rpc.ToString()), ("Devnet:Enabled", "false"), .. settings]);

    /// <summary>Starts the development default: the silo launches its own anvil (random port) with traffic.</summary>
    public static Task<InProcessSilo> StartDevelopmentAsync(params (string Key, string Value)[] settings) =>
        StartCoreAsync([("Devnet:Port", "0"), .. settings]);

    private static async Task<InProcessSilo> StartCoreAsync((string Key, string Value)[] settings)
    {
        var http = FreePort.Next();
        var gateway = FreePort.Next();
        var args = new List<string>
        {
            "--Http:Port=" + http.ToString(CultureInfo.InvariantCulture),
            "--Orleans:SiloPort=" + FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort=" + gateway.ToString(CultureInfo.InvariantCulture),
            "--Ethereum:PollIntervalMs=100",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var app = SiloHost.Build([.. args]);
        await app.StartAsync();
        return new InProcessSilo(app, http, gateway);
    }

    /// <summary>Polls <paramref name="condition"/> until true or fails after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"timed out after {seconds} s waiting for {what}");
    }

    /// <summary>Waits until the follower has ticked up to <paramref name="number"/>.</summary>
    public Task WaitForHeadAsync(ulong number, int seconds = 60) =>
        WaitUntilAsync(async () => (await Chain.GetStatusAsync()).Head?.Number >= number, seconds, $"the tick of block {number}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
