using System.Text.RegularExpressions;

namespace Wsc.Integration.Tests.FirstHour;

/// <summary>
/// The README's "The first hour" section: the terminal-1 command and the terminal-2 script, read from the file a
/// person reads, so that the test runs exactly what they would paste.
/// </summary>
internal sealed partial class ReadmeFirstHour
{
    private ReadmeFirstHour(string server, IReadOnlyList<string> script)
    {
        Server = server;
        Script = script;
    }

    /// <summary>The command for the first terminal (`./run.sh`).</summary>
    public string Server { get; }

    /// <summary>The second terminal's lines, in order.</summary>
    public IReadOnlyList<string> Script { get; }

    public static ReadmeFirstHour Parse(string readme)
    {
        var start = readme.IndexOf("\n## The first hour", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("README.md has no '## The first hour' section");
        }
        var end = readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var blocks = Fence().Matches(section).Select(m => m.Groups["body"].Value.Trim()).ToList();
        if (blocks.Count != 2)
        {
            throw new InvalidOperationException($"the first hour has {blocks.Count} code blocks, expected 2 (server, then client)");
        }
        return new ReadmeFirstHour(blocks[0], blocks[1].Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList());
    }

    /// <summary>
    /// The hook for commands still to come: lines calling a `wsc zkgraph` subcommand this build lacks are left out,
    /// with every later line using a variable such a line set. <paramref name="skipped"/> lists them.
    /// </summary>
    public IReadOnlyList<string> Runnable(IReadOnlySet<string> zkgraphCommands, out IReadOnlyList<string> skipped)
    {
        var run = new List<string>();
        var left = new List<string>();
        var unset = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Script)
        {
            var missing = ZkGraphCall().Matches(line).Any(m => !zkgraphCommands.Contains(m.Groups["sub"].Value))
                || VariableUse().Matches(line).Any(m => unset.Contains(m.Groups["name"].Value));
            if (missing)
            {
                left.Add(line);
                if (Assignment().Match(line) is { Success: true } a)
                {
                    unset.Add(a.Groups["name"].Value);
                }
            }
            else
            {
                run.Add(line);
            }
        }
        skipped = left;
        return run;
    }

    [GeneratedRegex(@"```[a-z]*\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"\bwsc zkgraph (?<sub>[a-z]+)")]
    private static partial Regex ZkGraphCall();

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableUse();

    [GeneratedRegex(@"^(?:export\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex Assignment();
}
