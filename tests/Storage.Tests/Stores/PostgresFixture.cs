using Npgsql;
using Wsc.Storage.Stores;
using Wsc.TestKit;

namespace Wsc.Storage.Tests.Stores;

/// <summary>One throwaway PostgreSQL with the storage schema applied, shared by a test class.</summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly PostgresServer _server = new();

    public PostgresFixture()
    {
        DataSource = NpgsqlDataSource.Create(_server.CreateDatabase());
        StorageSchema.ApplyAsync(DataSource).GetAwaiter().GetResult();
    }

    /// <summary>The database with the storage tables.</summary>
    public NpgsqlDataSource DataSource { get; }

    public void Dispose()
    {
        DataSource.Dispose();
        _server.Dispose();
    }
}
