using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wsc.Client.Db;
using Wsc.Silo.Hosting;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Db;

/// <summary>A real in-process silo on the production profile against a database migrated from deploy/sql.</summary>
public sealed class ProductionSiloTests(PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Silo_joins_the_membership_table_and_grain_state_survives_a_restart()
    {
        var cs = await MigratedDatabaseAsync();
        var config = Settings(cs, "restart");

        var firstPort = FreePort.Next();
        using (var silo = await StartSiloAsync(config, firstPort))
        {
            var rows = await MembershipAsync(cs, "restart");
            Assert.Equal([(firstPort, Active)], rows.Select(r => (r.Port, r.Status)));

            var counter = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterTestGrain>("alpha");
            Assert.Equal(5, await counter.Add(5));
            Assert.Equal(12, await counter.Add(7));
            await silo.StopAsync();
        }

        Assert.Equal(1, await ScalarAsync(cs, "SELECT count(*) FROM orleansstorage WHERE serviceid = 'restart-service' AND payloadbinary IS NOT NULL"));
        Assert.Equal(2, await ScalarAsync(cs, "SELECT version FROM orleansstorage WHERE serviceid = 'restart-service'"));

        var secondPort = FreePort.Next();
        using (var silo = await StartSiloAsync(config, secondPort))
        {
            var counter = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterTestGrain>("alpha");
            Assert.Equal(12, await counter.Get());
            Assert.Equal(13, await counter.Add(1));

            var rows = await MembershipAsync(cs, "restart");
            Assert.Contains((firstPort, Dead), rows.Select(r => (r.Port, r.Status)));
            Assert.Contains((secondPort, Active), rows.Select(r => (r.Port, r.Status)));

            // The provider's clean-up of long-dead silos goes through CleanupDefunctSiloEntryKey: the dead row goes, the live one stays.
            var table = silo.Services.GetRequiredService<IMembershipTable>();
            await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddSeconds(1), CancellationToken.None);
            Assert.Equal([(secondPort, Active)], (await MembershipAsync(cs, "restart")).Select(r => (r.Port, r.Status)));

            // Clearing keeps the row with no payload and a higher version, so a stale writer still loses.
            await counter.Clear();
            Assert.Equal(0, await counter.Get());
            Assert.Equal(1, await ScalarAsync(cs, "SELECT count(*) FROM orleansstorage WHERE serviceid = 'restart-service' AND payloadbinary IS NULL AND version = 4"));
            await silo.StopAsync();

            await table.DeleteMembershipTableEntriesAsync("restart", CancellationToken.None);
            Assert.Empty(await MembershipAsync(cs, "restart"));
            Assert.Equal(0, await ScalarAsync(cs, "SELECT count(*) FROM orleansmembershipversiontable WHERE deploymentid = 'restart'"));
        }
    }

    [Fact]
    public async Task Two_grain_types_with_the_same_key_and_state_name_keep_separate_rows()
    {
        var cs = await MigratedDatabaseAsync();
        using var silo = await StartSiloAsync(Settings(cs, "scoped"), FreePort.Next());
        var grains = silo.Services.GetRequiredService<IGrainFactory>();

        Assert.Equal(5, await grains.GetGrain<ICounterTestGrain>("same").Add(5));
        Assert.Equal(100, await grains.GetGrain<ISecondCounterTestGrain>("same").Add(100));
        Assert.Equal(6, await grains.GetGrain<ICounterTestGrain>("same").Add(1));

        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT graintypestring FROM orleansstorage WHERE serviceid = 'scoped-service' AND grainidextensionstring = 'same' ORDER BY 1", conn);
        var names = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }
        Assert.Equal(["countertest/counter", "secondcountertest/counter"], names);
        await silo.StopAsync();
    }

    [Fact]
    public async Task Two_silos_form_one_cluster_through_the_membership_table()
    {
        var cs = await MigratedDatabaseAsync();
        var first = Settings(cs, "pair");
        var second = new Dictionary<string, string?>(first) { ["Orleans:GatewayPort"] = FreePort.Next().ToString() };
        using var a = await StartSiloAsync(first, FreePort.Next());
        using var b = await StartSiloAsync(second, FreePort.Next());

        var management = a.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await management.GetHosts(onlyActive: true)).Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal(2, (await management.GetHosts(onlyActive: true)).Count);
        Assert.Equal(2, (await MembershipAsync(cs, "pair")).Count(r => r.Status == Active));

        // One grain, reached from both silos, has one state.
        for (var i = 0; i < 10; i++)
        {
            var via = (i % 2 == 0 ? a : b).Services.GetRequiredService<IGrainFactory>();
            Assert.Equal(i + 1, await via.GetGrain<ICounterTestGrain>("shared-pair").Add(1));
        }
        await b.StopAsync();
        await a.StopAsync();
    }

    [Fact]
    public async Task A_reminder_is_stored_in_the_reminder_table_and_fires()
    {
        var cs = await MigratedDatabaseAsync();
        using var silo = await StartSiloAsync(Settings(cs, "reminders"), FreePort.Next());
        var key = "r-" + Guid.NewGuid().ToString("N")[..8];
        var fired = ReminderTestGrain.Fired.GetOrAdd(key, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

        var grain = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderTestGrain>(key);
        await grain.Arm(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await ScalarAsync(cs,
            $"SELECT count(*) FROM orleansreminderstable WHERE serviceid = 'reminders-service' AND remindername = 'tick' AND grainid LIKE '%{key}' AND period = 60000"));

        Assert.Equal("tick", await fired.Task.WaitAsync(TimeSpan.FromSeconds(20)));

        // Both range queries: a range that does not wrap (ReadRangeRows1Key) and one that does (ReadRangeRows2Key).
        var reminders = silo.Services.GetRequiredService<IReminderTable>();
        var grainId = grain.GetGrainId();
        Assert.Single((await reminders.ReadRows(grainId)).Reminders);
        Assert.Single((await reminders.ReadRows(0x8000_0000u, 0x7FFF_FFFFu)).Reminders);
        var hash = grainId.GetUniformHashCode();
        Assert.Single((await reminders.ReadRows(hash - 1, hash)).Reminders);
        Assert.Empty((await reminders.ReadRows(hash, hash + 1)).Reminders);

        await grain.Disarm();
        Assert.Equal(0, await ScalarAsync(cs, "SELECT count(*) FROM orleansreminderstable WHERE serviceid = 'reminders-service'"));
        await silo.StopAsync();
    }

    [Fact]
    public async Task A_client_finds_the_gateway_through_the_membership_table()
    {
        var cs = await MigratedDatabaseAsync();
        var config = Settings(cs, "client");
        using var silo = await StartSiloAsync(config, FreePort.Next());
        await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterTestGrain>("shared").Add(40);

        using var client = Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(config))
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleansClient((ctx, b) => b.UseWscProduction(ctx.Configuration))
            .Build();
        await client.StartAsync();

        var counter = client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterTestGrain>("shared");
        Assert.Equal(42, await counter.Add(2));
        await client.StopAsync();
        await silo.StopAsync();
    }

    [Fact]
    public async Task Missing_or_malformed_settings_and_an_unmigrated_database_give_one_line_errors()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => BuildSilo(new Dictionary<string, string?>(), FreePort.Next()));
        Assert.StartsWith("Postgres:ConnectionString is not set", missing.Message, StringComparison.Ordinal);

        var malformed = Assert.Throws<InvalidOperationException>(() =>
            BuildSilo(new Dictionary<string, string?> { ["Postgres:ConnectionString"] = "Hots=x" }, FreePort.Next()));
        Assert.Equal("Postgres:ConnectionString is malformed: unknown setting 'hots'", malformed.Message);

        var badPort = Assert.Throws<InvalidOperationException>(() =>
            BuildSilo(Settings(pg.Server.ConnectionString(), "x", siloPort: "70000"), FreePort.Next()));
        Assert.Equal("Orleans:SiloPort '70000' is not a TCP port (1-65535)", badPort.Message);

        var unmigrated = pg.Server.CreateDatabase();
        var empty = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProductionOrleans.VerifyDatabaseAsync(Configuration(Settings(unmigrated, "x"))));
        Assert.Contains("has no Orleans schema: run `wsc db migrate", empty.Message, StringComparison.Ordinal);

        var port = FreePort.Next();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProductionOrleans.VerifyDatabaseAsync(Configuration(Settings($"Host=127.0.0.1;Port={port};Username=wsc", "x"))));
        Assert.Equal($"cannot connect to PostgreSQL at 127.0.0.1:{port}: Connection refused", refused.Message);

        await ProductionOrleans.VerifyDatabaseAsync(Configuration(Settings(await MigratedDatabaseAsync(), "x")));
    }

    private async Task<string> MigratedDatabaseAsync()
    {
        var cs = pg.Server.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Embedded());
        return cs;
    }

    private static Dictionary<string, string?> Settings(string connectionString, string name, string? siloPort = null) => new()
    {
        ["Postgres:ConnectionString"] = connectionString,
        ["Orleans:ClusterId"] = name,
        ["Orleans:ServiceId"] = name + "-service",
        ["Orleans:GatewayPort"] = FreePort.Next().ToString(),
        ["Orleans:SiloPort"] = siloPort,
        ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
    };

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static IHost BuildSilo(Dictionary<string, string?> settings, int siloPort)
    {
        var withPort = new Dictionary<string, string?>(settings);
        if (withPort.GetValueOrDefault("Orleans:SiloPort") is null)
        {
            withPort["Orleans:SiloPort"] = siloPort.ToString();
        }
        return Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(withPort))
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans((ctx, silo) => silo.UseWscProduction(ctx.Configuration))
            .Build();
    }

    private static async Task<IHost> StartSiloAsync(Dictionary<string, string?> settings, int siloPort)
    {
        var host = BuildSilo(settings, siloPort);
        await host.StartAsync();
        return host;
    }

    private static async Task<List<(int Port, int Status)>> MembershipAsync(string cs, string cluster)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT port, status FROM orleansmembershiptable WHERE deploymentid = @c ORDER BY generation", conn);
        cmd.Parameters.AddWithValue("c", cluster);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<(int, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }
        return rows;
    }

    private static async Task<long> ScalarAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
