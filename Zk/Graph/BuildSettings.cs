namespace Wsc.Zk.Graph;

/// <summary>Optional `build:` section: C sources relative to the graph directory (default: every *.c there) and -O level.</summary>
public sealed record BuildSettings(IReadOnlyList<string> Sources, string Optimization)
{
    public static BuildSettings Default { get; } = new([], "2");
}
