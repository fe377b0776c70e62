using System.Text.Json;
using Npgsql;
using Wsc.Client.Db;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Db;

public sealed class DbMigrateTests(PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    // Every OrleansQuery key the 10.x ADO.NET providers look up (clustering, persistence, reminders).
    private static readonly string[] ProviderQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Migrate_applies_every_deploy_sql_file_once_and_a_second_run_applies_nothing()
    {
        var cs = pg.Server.CreateDatabase();
        var expected = Directory.GetFiles(Path.Combine(Paths.RepoRoot, "deploy", "sql"), "*.sql")
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        var first = await WscCli.RunAsync("db", "migrate", "--connection", cs, "--json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var firstDoc = JsonDocument.Parse(first.Stdout).RootElement;
        Assert.Equal(expected, Names(firstDoc, "applied"));
        Assert.Empty(Names(firstDoc, "skipped"));

        var second = await WscCli.RunAsync("db", "migrate", "--connection", cs, "--json");
        Assert.True(second.ExitCode == 0, second.Stderr);
        var secondDoc = JsonDocument.Parse(second.Stdout).RootElement;
        Assert.Empty(Names(secondDoc, "applied"));
        Assert.Equal(expected, Names(secondDoc, "skipped"));

        var human = await WscCli.RunAsync("db", "migrate", "--connection", cs);
        Assert.Contains("nothing to apply", human.Stdout, StringComparison.Ordinal);

        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        var keys = await ReadColumnAsync(conn, "SELECT querykey FROM orleansquery");
        Assert.All(ProviderQueryKeys, key => Assert.Contains(key, keys));
        var recorded = await ReadColumnAsync(conn, "SELECT name || ' ' || sha256 FROM wsc_schema_migrations ORDER BY name");
        var embedded = MigrationSource.Embedded();
        Assert.Equal(embedded.Select(m => m.Name + " " + m.Sha256), recorded);
    }

    [Fact]
    public void Embedded_files_are_exactly_the_deploy_sql_files()
    {
        var onDisk = MigrationSource.FromDirectory(Path.Combine(Paths.RepoRoot, "deploy", "sql"));
        Assert.Equal(onDisk, MigrationSource.Embedded());
        Assert.Equal(onDisk[0].Name, MigrationSource.Embedded()[0].Name);
        Assert.Equal(Path.Combine(Paths.RepoRoot, "deploy", "sql"), MigrationSource.FindRepositoryDirectory());
    }

    [Fact]
    public async Task A_file_changed_after_it_was_applied_is_refused_and_nothing_else_runs()
    {
        var cs = pg.Server.CreateDatabase();
        var dir = CopyOfDeploySql();
        try
        {
            Assert.Equal(0, (await WscCli.RunAsync("db", "migrate", "--connection", cs, "--sql-dir", dir)).ExitCode);
            var target = Path.Combine(dir, "01-clustering.sql");
            await File.AppendAllTextAsync(target, "\n-- edited after release\n");
            await File.WriteAllTextAsync(Path.Combine(dir, "99-later.sql"), "CREATE TABLE later_table (id integer);\n");

            var run = await WscCli.RunAsync("db", "migrate", "--connection", cs, "--sql-dir", dir);

            Assert.Equal(1, run.ExitCode);
            Assert.Single(run.Stderr.TrimEnd().Split('\n'));
            Assert.StartsWith("wsc: 01-clustering.sql was applied with sha256 ", run.Stderr, StringComparison.Ordinal);
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            Assert.Empty(await ReadColumnAsync(conn, "SELECT tablename FROM pg_tables WHERE tablename = 'later_table'"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task A_failing_file_is_rolled_back_and_the_files_before_it_stay_applied()
    {
        var cs = pg.Server.CreateDatabase();
        var dir = Directory.CreateTempSubdirectory("wsc-sql-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "00-good.sql"), "CREATE TABLE good_table (id integer);\n");
            await File.WriteAllTextAsync(Path.Combine(dir, "01-bad.sql"), "CREATE TABLE half_table (id integer);\nSELEC 1;\n");

            var run = await WscCli.RunAsync("db", "migrate", "--connection", cs, "--sql-dir", dir, "--json");

            Assert.Equal(1, run.ExitCode);
            Assert.StartsWith("wsc: 01-bad.sql failed and was rolled back: 42601", run.Stderr, StringComparison.Ordinal);
            Assert.Empty(run.Stdout);
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            Assert.Equal(["good_table"], await ReadColumnAsync(conn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '%_table' ORDER BY 1"));
            Assert.Equal(["00-good.sql"], await ReadColumnAsync(conn, "SELECT name FROM wsc_schema_migrations"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task An_unreachable_server_gives_one_line_naming_it()
    {
        var port = FreePort.Next();
        var run = await WscCli.RunAsync("db", "migrate", "--connection", $"Host=127.0.0.1;Port={port};Username=wsc;Database=wsc");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"wsc: cannot connect to PostgreSQL at 127.0.0.1:{port}: Connection refused\n", run.Stderr.ReplaceLineEndings("\n"));
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_missing_database_gives_one_line_naming_it()
    {
        var run = await WscCli.RunAsync("db", "migrate", "--connection", pg.Server.ConnectionString("no_such_db"));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"wsc: cannot connect to PostgreSQL at 127.0.0.1:{pg.Server.Port}: database \"no_such_db\" does not exist (3D000)",
            run.Stderr.TrimEnd());
    }

    [Theory]
    [InlineData("Hots=127.0.0.1;Username=wsc", "wsc: bad connection string: unknown setting 'hots'")]
    [InlineData("Host=127.0.0.1;Port=five", "wsc: bad connection string: port: ")]
    [InlineData("just some words", "wsc: bad connection string: ")]
    [InlineData("Username=wsc;Database=wsc", "wsc: bad connection string: no Host")]
    public async Task A_malformed_connection_string_gives_one_line_naming_the_problem(string connection, string prefix)
    {
        var run = await WscCli.RunAsync("db", "migrate", "--connection", connection);
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith(prefix, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Checksums_ignore_line_endings_but_not_content()
    {
        var lf = SqlMigration.FromBytes("a.sql", "SELECT 1;\nSELECT 2;\n"u8);
        var crlf = SqlMigration.FromBytes("a.sql", "SELECT 1;\r\nSELECT 2;\r\n"u8);
        var edited = SqlMigration.FromBytes("a.sql", "SELECT 1;\nSELECT 3;\n"u8);
        Assert.Equal(lf.Sha256, crlf.Sha256);
        Assert.NotEqual(lf.Sha256, edited.Sha256);
        Assert.Equal(64, lf.Sha256.Length);
    }

    private static string[] Names(JsonElement doc, string property) =>
        doc.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static async Task<List<string>> ReadColumnAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(0));
        }
        return list;
    }

    private static string CopyOfDeploySql()
    {
        var dir = Directory.CreateTempSubdirectory("wsc-sql-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(Paths.RepoRoot, "deploy", "sql"), "*.sql"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }
        return dir;
    }
}
