using System.Net;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Grains.Storage;
using Wsc.Silo.Web3;
using Wsc.Silo.Api;

namespace Wsc.Silo.Hosting;

/// <summary>Builds and runs the silo: Orleans, the chain follower, the HTTP API and telemetry, per profile.</summary>
public static class SiloHost
{
    /// <summary>Runs until shut down; start-up problems print one line on stderr and return 1.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication? app = null;
        try
        {
            app = Build(args);
            await app.StartAsync();
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync("wsc-silo: " + OneLine(e));
            if (app is not null)
            {
                // Leave the cluster cleanly if Orleans got as far as joining it.
                try
                {
                    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await app.StopAsync(stop.Token);
                    await app.DisposeAsync();
                }
                catch (Exception)
                {
                    // Already failing; the one line above is what the operator needs.
                }
            }
            return 1;
        }
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>The silo as a web application; <paramref name="configure"/> lets tests swap services.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var config = builder.Configuration;
        var profile = ReadProfile(config);

        if (string.IsNullOrEmpty(config["urls"]) && string.IsNullOrEmpty(config["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{config.GetValue("Http:Port", 8080)}");
        }

        builder.Services.Configure<EthereumOptions>(config.GetSection("Ethereum"));
        builder.Services.AddSingleton<EthereumEndpoint>();
        builder.Services.AddSingleton<IEthereumSourceFactory, RpcEthereumSourceFactory>();
        builder.Services.AddSingleton<ChainMetrics>();
        builder.Services.AddSingleton<ReadinessState>();
        builder.Services.AddSingleton(sp =>
        {
            var chain = sp.GetRequiredService<IGrainFactory>().GetGrain<IChainGrain>(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EthereumOptions>>().Value.ChainKey);
            return new ChainReadiness(sp.GetRequiredService<ReadinessState>(), chain.GetStatusAsync, TimeProvider.System);
        });

        var useDevnet = profile == SiloProfile.Development && string.IsNullOrEmpty(config["Ethereum:Rpc"])
            && config.GetValue("Devnet:Enabled", true);
        if (useDevnet)
        {
            DevnetHosting.Add(builder.Services, builder.Configuration);
        }
        else
        {
            builder.Services.AddHostedService<ConfiguredEndpointPublisher>();
        }

        builder.UseOrleans(silo =>
        {
            var siloPort = config.GetValue("Orleans:SiloPort", 11111);
            var gatewayPort = config.GetValue("Orleans:GatewayPort", 30000);
            var clusterId = config["Orleans:ClusterId"] ?? "wsc";
            var serviceId = config["Orleans:ServiceId"] ?? "wsc";
            silo.AddWscChainAdmin();
            // Grain calls join their caller's trace (spans on Microsoft.Orleans.Application), across silos too.
            silo.AddActivityPropagation();
            if (profile == SiloProfile.Development)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, null, serviceId, clusterId);
                silo.AddMemoryGrainStorage("wsc");
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseBinaryGrainState("wsc", Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
                silo.UseInMemoryReminderService();
            }
            else
            {
                try
                {
                    KubernetesHosting.Check(config);
                    ProductionOrleans.VerifyDatabaseAsync(config).GetAwaiter().GetResult();
                    silo.UseWscProduction(config);
                    if (KubernetesHosting.Enabled(config))
                    {
                        // After UseWscProduction: the pod's IP, name and labels win over the Orleans section.
                        silo.UseKubernetesHosting();
                    }
                }
                catch (InvalidOperationException e)
                {
                    throw new StartupException(e.Message, e);
                }
                // Failure detection timings are tunable (tests shorten them): Orleans:Membership:ProbeTimeout etc.
                silo.Configure<Orleans.Configuration.ClusterMembershipOptions>(config.GetSection("Orleans:Membership"));
            }
        });

        builder.Services.AddHostedService<ChainBootstrapper>();
        builder.Services.AddWscStorage(config);
        builder.Services.AddWeb3Gateway();

        builder.Services.AddOpenTelemetry()
            .WithMetrics(m =>
            {
                m.AddMeter("Microsoft.Orleans", ChainMetrics.MeterName, "Wsc.*");
                m.AddPrometheusExporter();
                if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
                {
                    m.AddOtlpExporter();
                }
            })
            .WithTracing(t =>
            {
                t.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Wsc.*");
                if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
                {
                    t.AddOtlpExporter();
                }
            });

        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapHealth();
        app.MapTickApi();
        app.MapWeb3Gateway();
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (profile == SiloProfile.Production && string.IsNullOrEmpty(config["Storage:TagSecret"]))
        {
            // Not fatal: reads stay correct (every blob falls back to its Merkle root), only slower, and silos keep
            // re-tagging under their own random secrets. Production deployments share one secret.
            app.Logger.LogWarning("Storage:TagSecret is not set: this silo tags blobs under a random secret of its own, so reads on other silos or after a restart rebuild Merkle roots instead of checking tags; set the same 32-byte hex secret on every silo");
        }
        return app;
    }

    /// <summary>`Profile` (Development or Production); Development when unset.</summary>
    public static SiloProfile ReadProfile(IConfiguration config)
    {
        var raw = config["Profile"];
        if (string.IsNullOrEmpty(raw))
        {
            return SiloProfile.Development;
        }
        return Enum.TryParse<SiloProfile>(raw, ignoreCase: true, out var p)
            ? p
            : throw new StartupException($"Profile '{raw}' is not Development or Production");
    }

    /// <summary>The most telling message of an exception chain, on one line.</summary>
    public static string OneLine(Exception e)
    {
        var msg = e switch
        {
            StartupException s => s.Message,
            AggregateException { InnerExceptions.Count: > 0 } a => OneLine(a.InnerExceptions[0]),
            _ when e.InnerException is not null && e is not HttpRequestException => $"{e.Message} ({OneLine(e.InnerException)})",
            _ => e.Message,
        };
        return msg.ReplaceLineEndings(" ");
    }

    internal static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);
}
