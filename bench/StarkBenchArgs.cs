namespace Wsc.Bench;

/// <summary>Tiny `--name value` parsing shared by the proof-system benchmarks.</summary>
internal static class BenchArgs
{
    public static int Int(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        if (i < 0) return fallback;
        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var v))
            throw new ArgumentException($"{name} needs an integer value");
        return v;
    }
}
