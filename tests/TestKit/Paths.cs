namespace Wsc.TestKit;

/// <summary>Locations tests read from: the repository root and the shared test data beside it.</summary>
public static class Paths
{
    /// <summary>The directory holding Cluster.sln, found by walking up from the test binary.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>`../shared/testdata` relative to the repository root (never copied into the project).</summary>
    public static string TestData { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "testdata"));

    /// <summary>A file under the shared test data.</summary>
    public static string Data(params string[] parts) => Path.Combine([TestData, .. parts]);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }
}
