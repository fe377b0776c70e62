namespace Wsc.Grains.Proving;

/// <summary>Which prover grain key proves a segment: consecutive segments of a job go to consecutive keys.</summary>
public static class ProverKeys
{
    /// <summary>`prover/{n}` for segment `index` of `jobId`, n below `width`; a job starts at a key its id picks, so jobs spread too.</summary>
    public static string For(string jobId, int index, int width)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        // A stable hash (string.GetHashCode is randomised per process, and every silo must agree).
        uint h = 2166136261;
        foreach (var c in jobId)
        {
            h = (h ^ c) * 16777619;
        }
        return $"prover/{(int)((h + (uint)index) % (uint)width)}";
    }

    /// <summary>n of `prover/{n}`, or null when the key is not a prover key.</summary>
    public static int? Number(string key) =>
        key is not null && key.StartsWith("prover/", StringComparison.Ordinal) && int.TryParse(key.AsSpan(7), out var n) && n >= 0 ? n : null;
}
