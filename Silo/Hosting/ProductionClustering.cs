using System.Net;

namespace Wsc.Silo.Hosting;

/// <summary>The Production profile's Orleans providers: ADO.NET clustering, grain storage and reminders on PostgreSQL.</summary>
public static class ProductionClustering
{
    /// <summary>The ADO.NET invariant name of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    public static void Configure(ISiloBuilder silo, IConfiguration config, string connectionString, int siloPort, int gatewayPort, string clusterId, string serviceId)
    {
        silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = serviceId;
        });
        var advertised = config["Orleans:AdvertisedIP"];
        silo.ConfigureEndpoints(
            string.IsNullOrEmpty(advertised) ? IPAddress.Loopback : IPAddress.Parse(advertised),
            siloPort, gatewayPort, listenOnAnyHostAddress: true);
        // Failure detection timings are tunable (tests shorten them): Orleans:Membership:ProbeTimeout etc.
        silo.Configure<Orleans.Configuration.ClusterMembershipOptions>(config.GetSection("Orleans:Membership"));
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage("wsc", o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
    }
}
