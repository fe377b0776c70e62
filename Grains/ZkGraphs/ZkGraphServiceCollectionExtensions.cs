using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Wsc.Grains.ZkGraphs;

/// <summary>Registers the zkGraph network's services on a silo.</summary>
public static class ZkGraphServiceCollectionExtensions
{
    /// <summary>
    /// Binds `ZkGraphs` (run limits) and registers the bounded worker and the output store: PostgreSQL when
    /// `Postgres:ConnectionString` is set (table from deploy/sql/30-zkgraphs.sql), else memory (development).
    /// </summary>
    public static IServiceCollection AddWscZkGraphs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("ZkGraphs");
        var options = new ZkGraphOptions();
        section.Bind(options);
        options.Validate();
        services.Configure<ZkGraphOptions>(section);
        services.AddSingleton<ZkGraphWorker>();
        var automation = new Automation.AutomationOptions();
        configuration.GetSection("Automation").Bind(automation);
        automation.PrivateKey();
        services.AddSingleton(automation);
        var connectionString = configuration["Postgres:ConnectionString"];
        if (string.IsNullOrEmpty(connectionString))
        {
            services.AddSingleton<IZkGraphOutputStore, MemoryZkGraphOutputStore>();
            services.AddSingleton<Automation.IAutomationStore, Automation.MemoryAutomationStore>();
        }
        else
        {
            services.AddSingleton<IZkGraphOutputStore>(_ => new PostgresZkGraphOutputStore(NpgsqlDataSource.Create(connectionString)));
            services.AddSingleton<Automation.IAutomationStore>(_ => new Automation.PostgresAutomationStore(NpgsqlDataSource.Create(connectionString)));
        }
        return services;
    }
}
