namespace Wsc.Silo.Devnet;

/// <summary>Finds the anvil binary: `Devnet:AnvilPath`, else `&lt;repo&gt;/.tools/bin/anvil`, else PATH.</summary>
public static class AnvilLocator
{
    /// <summary>The anvil path to run; a missing binary throws one line naming where it looked and `scripts/setup.sh`.</summary>
    public static string Locate(string? configuredPath, string? repoRoot = null)
    {
        if (configuredPath is not null)
        {
            var full = Path.GetFullPath(configuredPath);
            return File.Exists(full)
                ? full
                : throw new InvalidOperationException($"anvil not found at {full} (Devnet:AnvilPath): run scripts/setup.sh or fix Devnet:AnvilPath");
        }
        repoRoot ??= FindRepoRoot();
        var local = repoRoot is null ? null : Path.Combine(repoRoot, ".tools", "bin", "anvil");
        if (local is not null && File.Exists(local))
        {
            return local;
        }
        var name = OperatingSystem.IsWindows() ? "anvil.exe" : "anvil";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var looked = local is null ? "PATH" : $"{local} or PATH";
        throw new InvalidOperationException($"anvil not found in {looked}: run scripts/setup.sh or set Devnet:AnvilPath");
    }

    /// <summary>The directory holding Cluster.sln above the binary or the working directory, if any.</summary>
    public static string? FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }
}
