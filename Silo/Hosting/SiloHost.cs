using System.Net;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Grains.Storage;
using Wsc.Grains.Proving;
using Wsc.Grains.ZkGraphs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wsc.Silo.Development;
using Wsc.Silo.Web3;
using Wsc.Silo.Api;
using Orleans.Dashboard;

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
        DevelopmentState? opened = null;
        try
        {
            return BuildCore(args, configure, s => opened = s);
        }
        catch
        {
            // A half-built silo never runs: release its data directory for the next attempt.
            opened?.Dispose();
            throw;
        }
    }

    private static WebApplication BuildCore(string[] args, Action<WebApplicationBuilder>? configure, Action<DevelopmentState> opened)
    {
        // The profile names the hosting environment (it said "Production" on a development silo), and appsettings.json is
        // read beside the binary whatever the working directory (./run.sh may be started from anywhere).
        var early = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = ReadProfile(early).ToString(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Named Development, the host would switch on its development-only DI validation; the silo's services do not change with the name.
        builder.Host.UseDefaultServiceProvider(o =>
        {
            o.ValidateOnBuild = false;
            o.ValidateScopes = false;
        });
        var config = builder.Configuration;
        var profile = ReadProfile(config);
        ConfigureLogging(builder.Logging);

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
        var state = profile == SiloProfile.Development ? DevelopmentState.Open(config) : null;
        if (state is not null)
        {
            opened(state);
            // Created by a factory so that the container disposes it (and releases the directory's lock) with the app.
            builder.Services.AddSingleton(_ => state);
            if (string.IsNullOrEmpty(config["Devnet:StatePath"]))
            {
                config["Devnet:StatePath"] = state.AnvilState;
            }
            if (string.IsNullOrEmpty(config["Storage:TagSecret"]))
            {
                config["Storage:TagSecret"] = state.TagSecret();
            }
        }
        if (useDevnet)
        {
            DevnetHosting.Add(builder.Services, builder.Configuration);
        }
        else
        {
            // Checked here, before Orleans or the database: a missing node is one line, not a failed host's stack trace.
            ConfiguredEndpointPublisher.Validate(config["Ethereum:Rpc"], config["Ethereum:Ws"]);
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
            // Orleans' dashboard (silos, grains, calls), served on the HTTP port at /dashboard.
            silo.AddDashboard();
            // Live feeds (zkGraph outputs as they are recorded) for any Orleans client. Memory streams: a feed, not a
            // store; outputs stay durable in their store, and a follower that lost its silo subscribes again.
            silo.AddMemoryStreams(Wsc.Grains.Interfaces.LiveFeeds.Provider);
            silo.AddMemoryGrainStorage("PubSubStore");
            if (profile == SiloProfile.Development)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, null, serviceId, clusterId);
                if (state is null)
                {
                    silo.AddMemoryGrainStorage("wsc");
                    silo.AddMemoryGrainStorageAsDefault();
                    silo.UseBinaryGrainState("wsc", Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
                }
                else
                {
                    foreach (var name in new[] { "wsc", Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME })
                    {
                        silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(name, (sp, _) =>
                            new FileGrainStorage(state.GrainsDirectory, sp.GetRequiredService<Orleans.Serialization.Serializer>()));
                    }
                }
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
        builder.Services.AddWscZkGraphs(config);
        builder.Services.AddWscProving(config);
        if (state is not null && string.IsNullOrEmpty(config["Postgres:ConnectionString"])
            && (string.IsNullOrEmpty(config["Storage:BlobStore"]) || config["Storage:BlobStore"]!.Equals("memory", StringComparison.OrdinalIgnoreCase)))
        {
            // Stored files survive a restart with the directories that name them.
            builder.Services.Replace(ServiceDescriptor.Singleton<Wsc.Storage.Stores.IBlobStore>(_ => new JournaledBlobStore(state.BlobJournal)));
        }
        if (state is not null && string.IsNullOrEmpty(config["Postgres:ConnectionString"]))
        {
            // zkGraph outputs survive a restart with the graphs (grain state) that made them.
            builder.Services.Replace(ServiceDescriptor.Singleton<Wsc.Grains.ZkGraphs.IZkGraphOutputStore>(_ => new JournaledZkGraphOutputStore(state.ZkGraphOutputJournal)));
        }
        builder.Services.AddWeb3Gateway();

        var siloPort = config.GetValue("Orleans:SiloPort", 11111);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r
                .AddService("wsc-silo", serviceVersion: typeof(SiloHost).Assembly.GetName().Version?.ToString(),
                    serviceInstanceId: $"{Environment.MachineName}:{siloPort}")
                .AddAttributes([new KeyValuePair<string, object>("deployment.environment.name", profile.ToString())]))
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
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        var app = builder.Build();
        app.UseApiErrors();
        app.MapHealth();
        app.MapTickApi();
        app.MapZkGraphApi();
        app.MapProofApi();
        app.MapWeb3Gateway();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapStatusPage();
        if (profile == SiloProfile.Development)
        {
            app.Logger.LogInformation("{State}", app.Services.GetService<DevelopmentState>()?.Describe(useDevnet) ?? DevelopmentState.InMemory);
        }
        if (profile == SiloProfile.Production && string.IsNullOrEmpty(config["Storage:TagSecret"]))
        {
            // Not fatal: reads stay correct (every blob falls back to its Merkle root), only slower, and silos keep
            // re-tagging under their own random secrets. Production deployments share one secret.
            app.Logger.LogWarning("Storage:TagSecret is not set: this silo tags blobs under a random secret of its own, so reads on other silos or after a restart rebuild Merkle roots instead of checking tags; set the same 32-byte hex secret on every silo");
        }
        return app;
    }

    /// <summary>
    /// Log lines carry UTC timestamps; HTTP clients' per-request lines (every JSON-RPC call) stay below Warning, whatever
    /// appsettings.json says about the default level.
    /// </summary>
    public static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddSimpleConsole(o =>
        {
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.Warning);
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
