using Microsoft.Extensions.Configuration;
using Wsc.Silo.Hosting;

namespace Wsc.Silo.Development;

/// <summary>
/// Where a development silo keeps what must survive a restart (`Development:DataDir`, set by `./run.sh` to `.data`):
/// grain state (cursor, tick ledger, storage directories) as files, the blob journal, and anvil's chain (`--state`,
/// since a restarted devnet would otherwise be a new chain). One silo owns a directory at a time (a held lock file).
/// </summary>
public sealed class DevelopmentState : IDisposable
{
    private readonly FileStream _lock;

    private DevelopmentState(string directory, FileStream lockFile, bool resumed)
    {
        Directory = directory;
        _lock = lockFile;
        Resumed = resumed;
    }

    /// <summary>The data directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>True when the directory held state from an earlier run.</summary>
    public bool Resumed { get; }

    /// <summary>Grain state files.</summary>
    public string GrainsDirectory => Path.Combine(Directory, "grains");

    /// <summary>The storage network's blob journal.</summary>
    public string BlobJournal => Path.Combine(Directory, "blobs.journal");

    /// <summary>The zkGraph outputs' journal.</summary>
    public string ZkGraphOutputJournal => Path.Combine(Directory, "zkgraph-outputs.journal");

    /// <summary>anvil's `--state` file.</summary>
    public string AnvilState => Path.Combine(Directory, "anvil-state.json");

    /// <summary>
    /// Opens `Development:DataDir` (relative to the working directory), creating it; null when it is unset or
    /// `memory` (everything in memory, gone at exit). A directory another silo holds is a one-line start-up error.
    /// </summary>
    public static DevelopmentState? Open(IConfiguration config)
    {
        var raw = config["Development:DataDir"];
        if (string.IsNullOrWhiteSpace(raw) || raw.Trim().Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var dir = Path.GetFullPath(raw.Trim());
        FileStream lockFile;
        try
        {
            System.IO.Directory.CreateDirectory(dir);
            lockFile = new FileStream(Path.Combine(dir, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StartupException($"Development:DataDir {dir} cannot be used ({e.Message.ReplaceLineEndings(" ")}): is another silo running on it? Stop it, or give this silo a directory of its own");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StartupException($"Development:DataDir {dir} cannot be used: {e.Message}");
        }
        var resumed = (System.IO.Directory.Exists(Path.Combine(dir, "grains"))
                && System.IO.Directory.EnumerateFiles(Path.Combine(dir, "grains"), "*.bin", SearchOption.AllDirectories).Any())
            || File.Exists(Path.Combine(dir, "anvil-state.json"));
        return new DevelopmentState(dir, lockFile, resumed);
    }

    /// <summary>
    /// The silo's blob tag secret (32 random bytes, hex), created on first use: blobs tagged in one run check against
    /// their tags in the next instead of falling back to rebuilding Merkle roots.
    /// </summary>
    public string TagSecret()
    {
        var path = Path.Combine(Directory, "tag-secret");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }
        return File.ReadAllText(path).Trim();
    }

    /// <summary>The start-up line: whether this run resumed or started fresh, and where its state lives.</summary>
    public string Describe(bool devnet) => Resumed
        ? $"Development state: resumed from {Directory} (grain state, stored blobs{(devnet ? ", the devnet's chain" : "")}); delete the directory to start fresh"
        : $"Development state: started fresh in {Directory}; it is kept across restarts (Development:DataDir=memory keeps nothing)";

    /// <summary>The start-up line of a silo that keeps nothing.</summary>
    public const string InMemory = "Development state: in memory, started fresh and gone at exit (set Development:DataDir to keep it; ./run.sh uses .data)";

    public void Dispose() => _lock.Dispose();
}
