using Npgsql;

namespace Wsc.Storage.Stores;

/// <summary>The storage tables' DDL (deploy/sql/20-storage.sql, embedded) and a way to apply it.</summary>
public static class StorageSchema
{
    /// <summary>The SQL text of deploy/sql/20-storage.sql.</summary>
    public static string Sql { get; } = Load();

    /// <summary>Applies the schema (idempotent); for the migration command, tests and benchmarks, not for silos.</summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(Sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Load()
    {
        using var stream = typeof(StorageSchema).Assembly.GetManifestResourceStream("Wsc.Storage.20-storage.sql")
            ?? throw new InvalidOperationException("embedded resource Wsc.Storage.20-storage.sql is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
