using System.Net.Sockets;
using Npgsql;

namespace Wsc.Client.Db;

/// <summary>
/// Applies deploy/sql files to a PostgreSQL database, each file in its own transaction, recording each applied
/// file's name and SHA-256 in <c>wsc_schema_migrations</c>. Re-running applies nothing new; a file whose text
/// changed after it was applied is refused (schema changes go in a new, later file).
/// </summary>
public sealed class DatabaseMigrator(string connectionString)
{
    /// <summary>The bookkeeping table: one row per applied file.</summary>
    public const string HistoryTable = "wsc_schema_migrations";

    // Any constant works; it only has to be the same for every wsc so two concurrent runs serialise.
    private const long AdvisoryLockKey = 0x7773635f6d696772; // "wsc_migr"

    /// <summary>Applies the files of <paramref name="migrations"/> not yet recorded, in order.</summary>
    public async Task<MigrationResult> MigrateAsync(IReadOnlyList<SqlMigration> migrations, CancellationToken cancellationToken = default)
    {
        var builder = ParseConnectionString(connectionString);
        var applied = new List<string>();
        var skipped = new List<string>();
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new MigrationException(DescribeConnectFailure(builder, e), e);
        }

        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
            await ExecuteAsync(connection, tx,
                $"CREATE TABLE IF NOT EXISTS {HistoryTable} (name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        // Check every recorded checksum before touching anything, so a tampered history fails the whole run up front.
        var recorded = await ReadHistoryAsync(connection, null, cancellationToken);
        foreach (var migration in migrations)
        {
            EnsureUnchanged(migration, recorded);
        }

        foreach (var migration in migrations)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
            // Re-read under the lock: another wsc may have applied this file since we looked.
            var current = await ReadHistoryAsync(connection, tx, cancellationToken);
            if (current.ContainsKey(migration.Name))
            {
                EnsureUnchanged(migration, current);
                skipped.Add(migration.Name);
                await tx.RollbackAsync(cancellationToken);
                continue;
            }
            try
            {
                await ExecuteAsync(connection, tx, migration.Sql, cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new MigrationException($"{migration.Name} failed and was rolled back: {e.SqlState} {e.MessageText.ReplaceLineEndings(" ")}" +
                                             (e.Position > 0 ? $" (at character {e.Position})" : ""), e);
            }
            await using (var record = new NpgsqlCommand($"INSERT INTO {HistoryTable} (name, sha256) VALUES (@name, @sha)", connection, tx))
            {
                record.Parameters.AddWithValue("name", migration.Name);
                record.Parameters.AddWithValue("sha", migration.Sha256);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
            applied.Add(migration.Name);
        }
        return new MigrationResult(applied, skipped);
    }

    /// <summary>Parses a connection string, turning a malformed one into a one-line error.</summary>
    public static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new MigrationException("bad connection string: no Host; expected e.g. \"Host=127.0.0.1;Port=5432;Username=wsc;Password=...;Database=wsc\"");
            }
            return builder;
        }
        catch (ArgumentException e)
        {
            // Npgsql reports "Couldn't set port (Parameter 'port')" with the real reason (bad number, unknown keyword) inside.
            var reason = e.InnerException switch
            {
                KeyNotFoundException => $"unknown setting '{e.ParamName}'",
                { } inner => $"{e.ParamName}: {inner.Message.TrimEnd('.')}",
                null => e.Message.TrimEnd('.'),
            };
            throw new MigrationException($"bad connection string: {reason.ReplaceLineEndings(" ")}; expected e.g. \"Host=127.0.0.1;Port=5432;Username=wsc;Password=...;Database=wsc\"", e);
        }
    }

    /// <summary>One line saying which server could not be reached and why (refused, unknown host, auth, missing database...).</summary>
    public static string DescribeConnectFailure(NpgsqlConnectionStringBuilder builder, Exception e)
    {
        var where = $"{builder.Host}:{builder.Port}";
        var reason = e switch
        {
            PostgresException pg => $"{pg.MessageText} ({pg.SqlState})",
            _ when Innermost<SocketException>(e) is { } socket => socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "Connection refused",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
                SocketError.TimedOut => "timed out",
                _ => socket.Message,
            },
            _ when Innermost<TimeoutException>(e) is not null => $"timed out after {builder.Timeout} s",
            _ => (e.InnerException ?? e).Message,
        };
        return $"cannot connect to PostgreSQL at {where}: {reason.ReplaceLineEndings(" ")}";
    }

    private static T? Innermost<T>(Exception e) where T : Exception
    {
        T? found = null;
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
            {
                found = t;
            }
        }
        return found;
    }

    private static void EnsureUnchanged(SqlMigration migration, IReadOnlyDictionary<string, string> recorded)
    {
        if (recorded.TryGetValue(migration.Name, out var sha) && sha != migration.Sha256)
        {
            throw new MigrationException(
                $"{migration.Name} was applied with sha256 {sha} but now has sha256 {migration.Sha256}; applied files must not change, put the change in a new file");
        }
    }

    private static async Task<Dictionary<string, string>> ReadHistoryAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken cancellationToken)
    {
        var history = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand($"SELECT name, sha256 FROM {HistoryTable}", connection, tx);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history[reader.GetString(0)] = reader.GetString(1);
        }
        return history;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
