namespace Wsc.Grains.ZkGraphs;

/// <summary>The `ZkGraphs` configuration section: limits on every run.</summary>
public sealed class ZkGraphOptions
{
    /// <summary>Cycles after which a run traps (recorded as a failed run).</summary>
    public long MaxCycles { get; set; } = 200_000_000;

    /// <summary>Largest output a run may write.</summary>
    public int MaxOutputBytes { get; set; } = 1 << 20;

    /// <summary>Runs executing at once on one silo (0: one per core).</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>Throws with the offending key when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxCycles <= 0)
        {
            throw new ArgumentException($"ZkGraphs:MaxCycles {MaxCycles}: expected at least 1");
        }
        if (MaxOutputBytes <= 0)
        {
            throw new ArgumentException($"ZkGraphs:MaxOutputBytes {MaxOutputBytes}: expected at least 1");
        }
        if (MaxConcurrency < 0)
        {
            throw new ArgumentException($"ZkGraphs:MaxConcurrency {MaxConcurrency}: expected 0 (one per core) or more");
        }
    }
}
