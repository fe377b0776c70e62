using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Storage;

namespace Wsc.Silo.Hosting;

/// <summary>
/// The production profile's Orleans wiring: ADO.NET clustering, grain storage ("wsc" and default) and reminders on
/// PostgreSQL (invariant <c>Npgsql</c>), read from <c>Postgres:ConnectionString</c> and the <c>Orleans</c> section
/// (<c>ClusterId</c>, <c>ServiceId</c>, <c>SiloPort</c>, <c>GatewayPort</c>, optional <c>AdvertisedIPAddress</c>).
/// The schema comes from deploy/sql via <c>wsc db migrate</c>; silos need no DDL rights.
/// </summary>
public static class ProductionOrleans
{
    /// <summary>The ADO.NET invariant Orleans uses to load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The grain storage provider name every grain's <c>[PersistentState(..., "wsc")]</c> uses.</summary>
    public const string StorageName = "wsc";

    /// <summary>Configures <paramref name="silo"/> for production; throws a one-line error on missing or malformed settings.</summary>
    public static ISiloBuilder UseWscProduction(this ISiloBuilder silo, IConfiguration configuration)
    {
        var connectionString = ConnectionString(configuration);
        var orleans = configuration.GetSection("Orleans");
        var siloPort = Port(orleans, "SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = Port(orleans, "GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);

        silo.Configure<ClusterOptions>(o => Cluster(o, orleans));
        var advertised = orleans["AdvertisedIPAddress"];
        if (string.IsNullOrWhiteSpace(advertised))
        {
            // Advertise this host's own address and listen on all interfaces, as a containerised silo needs.
            silo.ConfigureEndpoints(siloPort, gatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
        }
        else
        {
            if (!IPAddress.TryParse(advertised, out var address))
            {
                throw new InvalidOperationException($"Orleans:AdvertisedIPAddress '{advertised}' is not an IP address");
            }
            silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
        }

        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        foreach (var name in new[] { StorageName, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME })
        {
            silo.AddAdoNetGrainStorage(name, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            // Registered after the provider, so this wrapper is what grains (and the silo lifecycle) resolve by name.
            silo.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
                new GrainTypeScopedStorage(AdoNetGrainStorageFactory.Create(sp, (string)key!)));
        }
        silo.UseBinaryGrainState(StorageName, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary>Configures an Orleans client to find the production cluster's gateways through the ADO.NET membership table.</summary>
    public static IClientBuilder UseWscProduction(this IClientBuilder client, IConfiguration configuration)
    {
        var connectionString = ConnectionString(configuration);
        var orleans = configuration.GetSection("Orleans");
        client.Configure<ClusterOptions>(o => Cluster(o, orleans));
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        return client;
    }

    /// <summary>
    /// Fails fast, with one line, when the production database is unreachable or was never migrated; call it before
    /// starting the host so an operator sees "run wsc db migrate" rather than an Orleans start-up stack trace.
    /// </summary>
    public static async Task VerifyDatabaseAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString(configuration));
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"cannot connect to PostgreSQL at {builder.Host}:{builder.Port}: {Reason(e)}", e);
        }
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'orleansquery'", connection);
        if ((long)(await cmd.ExecuteScalarAsync(cancellationToken))! == 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL database {builder.Database} at {builder.Host}:{builder.Port} has no Orleans schema: run `wsc db migrate --connection \"...\"` first");
        }
    }

    private static void Cluster(ClusterOptions options, IConfigurationSection orleans)
    {
        options.ClusterId = orleans["ClusterId"] is { Length: > 0 } cluster ? cluster : "wsc";
        options.ServiceId = orleans["ServiceId"] is { Length: > 0 } service ? service : "wsc";
    }

    private static string ConnectionString(IConfiguration configuration)
    {
        var value = configuration["Postgres:ConnectionString"];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                "Postgres:ConnectionString is not set; the production profile keeps membership, grain state and reminders in PostgreSQL");
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new InvalidOperationException("Postgres:ConnectionString has no Host; expected e.g. \"Host=db;Username=wsc;Password=...;Database=wsc\"");
            }
        }
        catch (ArgumentException e)
        {
            var reason = e.InnerException is KeyNotFoundException ? $"unknown setting '{e.ParamName}'" : (e.InnerException ?? e).Message.TrimEnd('.');
            throw new InvalidOperationException($"Postgres:ConnectionString is malformed: {reason}", e);
        }
        return value;
    }

    private static int Port(IConfigurationSection orleans, string key, int fallback)
    {
        var raw = orleans[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }
        return int.TryParse(raw, out var port) && port is > 0 and < 65536
            ? port
            : throw new InvalidOperationException($"Orleans:{key} '{raw}' is not a TCP port (1-65535)");
    }

    private static string Reason(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException pg:
                    return $"{pg.MessageText} ({pg.SqlState})";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "Connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return "unknown host";
            }
        }
        return (e.InnerException ?? e).Message.ReplaceLineEndings(" ");
    }
}
