using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Hosting;

namespace Wsc.Grains.Proving;

/// <summary>Registers the proof network's services on a silo.</summary>
public static class ProvingServiceCollectionExtensions
{
    /// <summary>
    /// Binds `Proving`, registers the bounded prover worker, the prover placement and the job store: PostgreSQL when
    /// `Postgres:ConnectionString` is set (tables from deploy/sql/40-proving.sql), else memory (development).
    /// </summary>
    public static IServiceCollection AddWscProving(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Proving");
        var options = new ProvingOptions();
        section.Bind(options);
        options.Validate();
        services.Configure<ProvingOptions>(section);
        services.AddSingleton<ProverWorker>();
        services.AddPlacementDirector<ProverPlacement, ProverPlacementDirector>();
        var connectionString = configuration["Postgres:ConnectionString"];
        if (string.IsNullOrEmpty(connectionString))
        {
            services.AddSingleton<IProofJobStore, MemoryProofJobStore>();
        }
        else
        {
            services.AddSingleton<IProofJobStore>(_ => new PostgresProofJobStore(NpgsqlDataSource.Create(connectionString)));
        }
        return services;
    }
}
