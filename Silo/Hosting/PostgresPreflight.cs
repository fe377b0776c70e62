using Npgsql;

namespace Wsc.Silo.Hosting;

/// <summary>Before Orleans starts in Production: the connection string parses, the server answers, the schema is there.</summary>
public static class PostgresPreflight
{
    /// <summary>Throws a <see cref="StartupException"/> naming what is wrong.</summary>
    public static void Check(string connectionString)
    {
        NpgsqlConnectionStringBuilder csb;
        try
        {
            csb = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new StartupException($"Postgres:ConnectionString is invalid: {e.Message.ReplaceLineEndings(" ")}");
        }
        var where = $"{csb.Host ?? "localhost"}:{csb.Port}";
        try
        {
            using var conn = new NpgsqlConnection(connectionString);
            conn.Open();
            using var cmd = new NpgsqlCommand("select to_regclass('orleansquery') is not null", conn);
            if (cmd.ExecuteScalar() is not true)
            {
                throw new StartupException($"the PostgreSQL database at {where} has no Orleans schema: run `wsc db migrate --connection \"...\"` first");
            }
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            throw new StartupException($"cannot connect to PostgreSQL at {where}: {(e.InnerException ?? e).Message.ReplaceLineEndings(" ")}");
        }
    }
}
