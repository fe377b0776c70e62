using Npgsql;

namespace Wsc.TestKit;

/// <summary>
/// A throwaway PostgreSQL server: its own data directory, a random port, fsync off, removed on dispose.
/// initdb refuses to run as root, so as root the server runs as the `postgres` user.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _dir;
    private readonly string _bin;
    private readonly bool _asRoot = Environment.UserName == "root";

    /// <summary>Starts a new server; use one per test class (xunit class fixture) or per collection.</summary>
    public PostgresServer()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed: run scripts/setup.sh");
        _dir = Path.Combine(Path.GetTempPath(), "wsc-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
        if (_asRoot)
        {
            ProcessRunner.Run("chown", "postgres:postgres", _dir);
        }
        Port = FreePort.Next();
        Pg("initdb", "-D", Path.Combine(_dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        Pg("pg_ctl", "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start");
    }

    /// <summary>The server's TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> (default `postgres`).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    /// <summary>Creates a fresh empty database and returns its connection string.</summary>
    public string CreateDatabase(string? name = null)
    {
        name ??= "t" + Guid.NewGuid().ToString("N")[..12];
        using var conn = new NpgsqlConnection(ConnectionString());
        conn.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        cmd.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public void Dispose()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            Pg("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the directory still goes.
        }
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
        }
    }

    private void Pg(string tool, params string[] args)
    {
        var exe = Path.Combine(_bin, tool);
        if (_asRoot)
        {
            ProcessRunner.Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        }
        else
        {
            ProcessRunner.Run(exe, args);
        }
    }
}
