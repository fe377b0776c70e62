using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wsc.Storage.Stores;
using Wsc.Storage.Tags;

namespace Wsc.Grains.Storage;

/// <summary>Registers the storage network's services on a silo.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds the `Storage` section and registers the blob store: PostgreSQL (`Postgres:ConnectionString`, tables from
    /// deploy/sql/20-storage.sql) when configured, else memory (development).
    /// </summary>
    public static IServiceCollection AddWscStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Storage");
        var options = new StorageOptions();
        section.Bind(options);
        options.Validate();
        services.Configure<StorageOptions>(section);
        services.AddSingleton(options.TagSecretBytes() is byte[] secret ? new BlobTagger(secret) : BlobTagger.WithRandomSecret());
        var connectionString = configuration["Postgres:ConnectionString"];
        var kind = string.IsNullOrEmpty(options.BlobStore)
            ? (string.IsNullOrEmpty(connectionString) ? "memory" : "postgres")
            : options.BlobStore.ToLowerInvariant();
        switch (kind)
        {
            case "memory":
                services.AddSingleton<IBlobStore, MemoryBlobStore>();
                break;
            case "postgres" when !string.IsNullOrEmpty(connectionString):
                services.AddSingleton<IBlobStore>(_ => new GroupCommitBlobStore(new PostgresBlobStore(NpgsqlDataSource.Create(connectionString))));
                break;
            default:
                throw new ArgumentException($"Storage:BlobStore '{options.BlobStore}': expected memory, or postgres with Postgres:ConnectionString set");
        }
        return services;
    }
}
