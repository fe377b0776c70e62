using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Wsc.Client.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors into what a person can act on: an unknown word is named with the nearest
/// command or option, followed by the help of the command it was typed under; a value of the wrong kind says which kind
/// was expected, never a .NET type name.
/// </summary>
public static partial class ParseErrorReport
{
    /// <summary>The exit code for a command line that does not parse (as System.CommandLine uses).</summary>
    public const int UsageExitCode = 2;

    /// <summary>
    /// Reports <paramref name="parsed"/>'s errors: one line on <paramref name="error"/>, then the group's help when a
    /// word was unknown or a command is missing. Returns the exit code. A bare group (`wsc`, `wsc chain`) prints its
    /// help on <paramref name="output"/> and returns 0: asking what there is is not a mistake.
    /// </summary>
    public static int Write(ParseResult parsed, TextWriter output, TextWriter error)
    {
        var command = parsed.CommandResult.Command;
        var path = CommandPath(parsed.CommandResult);
        if (parsed.UnmatchedTokens.Count == 0 && command.Subcommands.Count > 0 && command.Action is null
            && parsed.Errors.All(e => e.SymbolResult is null || e.SymbolResult is CommandResult))
        {
            WriteHelp(parsed, path, output);
            return 0;
        }
        if (parsed.UnmatchedTokens.Count > 0)
        {
            var word = parsed.UnmatchedTokens[0];
            if (word.StartsWith('-'))
            {
                var options = AllOptions(parsed.CommandResult).SelectMany(o => o.Aliases.Prepend(o.Name))
                    .Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
                error.WriteLine($"wsc: unknown option '{word}' for '{string.Join(' ', path)}'{Suggestion(word, options)}");
            }
            else if (command.Subcommands.Count > 0)
            {
                var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
                error.WriteLine($"wsc: unknown command '{word}' for '{string.Join(' ', path)}'{Suggestion(word, names)}");
            }
            else
            {
                error.WriteLine($"wsc: unexpected argument '{word}' for '{string.Join(' ', path)}'");
            }
            error.WriteLine();
            WriteHelp(parsed, path, error);
            return UsageExitCode;
        }
        error.WriteLine($"wsc: {Plain(parsed.Errors[0].Message)}");
        return UsageExitCode;
    }

    /// <summary>The candidate closest to <paramref name="word"/> by edit distance, as "; did you mean 'x'?".</summary>
    public static string Suggestion(string word, IReadOnlyCollection<string> candidates)
    {
        if (candidates.Count == 0)
        {
            return "";
        }
        var best = candidates
            .Select(c => (Name: c, Distance: EditDistance(word.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).First();
        // A word sharing almost nothing with every command gets the list instead of a wild guess.
        return best.Distance <= Math.Max(2, best.Name.Length / 2)
            ? $"; did you mean '{best.Name}'?"
            : $"; expected one of: {string.Join(", ", candidates.Order(StringComparer.Ordinal))}";
    }

    /// <summary>System.CommandLine's message with .NET type names replaced by the kind of value expected.</summary>
    public static string Plain(string message)
    {
        var m = CannotParse().Match(message);
        if (m.Success)
        {
            return $"{m.Groups["symbol"].Value} '{m.Groups["value"].Value}': expected {Kind(m.Groups["type"].Value)}";
        }
        return TypeName().Replace(message, t => Kind(t.Value)).ReplaceLineEndings(" ");
    }

    /// <summary>Damerau-free Levenshtein distance (insert, delete, substitute), plus one for a swap of neighbours.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1); // "stauts" is one slip from "status", not two
                }
            }
        }
        return d[a.Length, b.Length];
    }

    private static string Kind(string typeName)
    {
        var inner = NullableOf().Match(typeName) is { Success: true } n ? n.Groups[1].Value : typeName;
        return inner switch
        {
            "System.UInt64" or "System.UInt32" or "System.UInt16" or "System.Byte" => "a whole number, 0 or more",
            "System.Int64" or "System.Int32" or "System.Int16" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.IO.FileInfo" => "a file path",
            "System.IO.DirectoryInfo" => "a directory path",
            _ => "a value of another form",
        };
    }

    private static List<string> CommandPath(CommandResult result)
    {
        var path = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                path.Insert(0, c.Parent is null ? "wsc" : c.Command.Name);
            }
        }
        return path;
    }

    private static IEnumerable<Option> AllOptions(CommandResult result)
    {
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                foreach (var o in c.Command.Options.Where(o => !o.Hidden && (ReferenceEquals(c, result) || o.Recursive)))
                {
                    yield return o;
                }
            }
        }
    }

    private static void WriteHelp(ParseResult parsed, List<string> path, TextWriter writer)
    {
        var root = parsed.RootCommandResult.Command;
        root.Parse([.. path.Skip(1), "--help"]).Invoke(new InvocationConfiguration { Output = writer, Error = writer });
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|argument|command) '(?<symbol>[^']*)' as expected type '(?<type>[^']*)'\.?$")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"System\.Nullable`1\[+([A-Za-z0-9_.]+)")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"System\.[A-Za-z0-9_.`]+(\[[^\]]*\]+)?")]
    private static partial Regex TypeName();
}
