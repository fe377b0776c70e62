using System.CommandLine;
using Wsc.Client.Cli;
using Wsc.Client.Db;

namespace Wsc.Client.Commands;

/// <summary>`wsc db`: database administration for the production profile (schema migration).</summary>
public sealed class DbCommands : ICommandGroup
{
    public Command Build()
    {
        var connection = new Option<string>("--connection")
        {
            Description = "Npgsql connection string of the target database, e.g. \"Host=127.0.0.1;Username=wsc;Password=...;Database=wsc\"",
            Required = true,
        };
        var sqlDir = new Option<string?>("--sql-dir")
        {
            Description = "Apply the .sql files of this folder instead of the ones built into wsc",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document: {applied:[...], skipped:[...]}" };

        var migrate = new Command("migrate", "Apply deploy/sql files not yet applied, each in a transaction; refuse changed ones");
        migrate.Options.Add(connection);
        migrate.Options.Add(sqlDir);
        migrate.Options.Add(json);
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var dir = parse.GetValue(sqlDir);
            try
            {
                var files = dir is null ? MigrationSource.Default() : MigrationSource.FromDirectory(dir);
                var result = await new DatabaseMigrator(parse.GetValue(connection)!).MigrateAsync(files, cancellationToken);
                Output.Write(result, parse.GetValue(json), PrintHuman);
                return 0;
            }
            catch (MigrationException e)
            {
                throw new CliException(e.Message);
            }
        });

        var db = new Command("db", "Database administration (PostgreSQL, production profile)");
        db.Subcommands.Add(migrate);
        return db;
    }

    private static void PrintHuman(MigrationResult result)
    {
        foreach (var name in result.Applied)
        {
            Console.Out.WriteLine($"applied {name}");
        }
        Console.Out.WriteLine(result.Applied.Count == 0
            ? $"database is up to date: nothing to apply ({result.Skipped.Count} files already applied)"
            : $"{result.Applied.Count} applied, {result.Skipped.Count} already applied");
    }
}
