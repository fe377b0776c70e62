namespace Wsc.Client.Db;

/// <summary>Where the schema files come from: the copies embedded in wsc, or a deploy/sql directory on disk.</summary>
public static class MigrationSource
{
    /// <summary>Resource-name prefix under which Client.csproj embeds deploy/sql/*.sql.</summary>
    public const string ResourcePrefix = "wsc.sql.";

    /// <summary>The schema files compiled into this binary, in apply order (empty if none were embedded).</summary>
    public static IReadOnlyList<SqlMigration> Embedded()
    {
        var assembly = typeof(MigrationSource).Assembly;
        var list = new List<SqlMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            list.Add(SqlMigration.FromBytes(resource[ResourcePrefix.Length..], buffer.ToArray()));
        }
        return Ordered(list);
    }

    /// <summary>Reads every *.sql file of <paramref name="directory"/>, in apply order.</summary>
    public static IReadOnlyList<SqlMigration> FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new MigrationException($"SQL directory {directory} does not exist; expected a folder of NN-name.sql files such as deploy/sql");
        }
        var list = Directory.GetFiles(directory, "*.sql")
            .Select(path => SqlMigration.FromBytes(Path.GetFileName(path), File.ReadAllBytes(path)))
            .ToList();
        if (list.Count == 0)
        {
            throw new MigrationException($"SQL directory {directory} holds no .sql files");
        }
        return Ordered(list);
    }

    /// <summary>Walks up from <paramref name="start"/> (default: the binary's folder) to the first deploy/sql; null if none.</summary>
    public static string? FindRepositoryDirectory(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "sql");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// The default source: the embedded files (so a published wsc works anywhere), else deploy/sql found by
    /// walking up from the binary.
    /// </summary>
    public static IReadOnlyList<SqlMigration> Default()
    {
        var embedded = Embedded();
        if (embedded.Count > 0)
        {
            return embedded;
        }
        var dir = FindRepositoryDirectory()
            ?? throw new MigrationException("no SQL files embedded in wsc and no deploy/sql above " + AppContext.BaseDirectory + "; pass --sql-dir");
        return FromDirectory(dir);
    }

    // Files apply in ordinal name order: the NN- prefix is the order.
    private static List<SqlMigration> Ordered(List<SqlMigration> list)
    {
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }
}
