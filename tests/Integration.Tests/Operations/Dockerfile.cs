using System.Text.RegularExpressions;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// A Dockerfile read the way the builder reads it (comments dropped, backslash continuations joined) into stages of
/// instructions, so tests can check it where no container runtime exists.
/// </summary>
internal sealed partial class Dockerfile
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string Base, string? Name, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
    }

    private Dockerfile(IReadOnlyList<Instruction> global, IReadOnlyList<Stage> stages)
    {
        Global = global;
        Stages = stages;
    }

    /// <summary>Instructions before the first FROM (ARG only, in a valid file).</summary>
    public IReadOnlyList<Instruction> Global { get; }

    public IReadOnlyList<Stage> Stages { get; }

    public static Dockerfile Parse(string text)
    {
        var logical = new List<string>();
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            current += line;
            if (current.Trim().Length > 0)
            {
                logical.Add(current.Trim());
            }
            current = "";
        }
        var global = new List<Instruction>();
        var stages = new List<Stage>();
        List<Instruction>? body = null;
        foreach (var line in logical)
        {
            var m = InstructionShape().Match(line);
            if (!m.Success)
            {
                throw new FormatException($"not an instruction: {line}");
            }
            var instruction = new Instruction(m.Groups[1].Value.ToUpperInvariant(), m.Groups[2].Value.Trim());
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                body = [];
                stages.Add(new Stage(parts[0], parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null, body));
            }
            else if (body is null)
            {
                global.Add(instruction);
            }
            else
            {
                body.Add(instruction);
            }
        }
        return new Dockerfile(global, stages);
    }

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex InstructionShape();
}
