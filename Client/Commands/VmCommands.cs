using System.CommandLine;
using Wsc.Client.Cli;
using Wsc.Zk.Vm;

namespace Wsc.Client.Commands;

/// <summary>`wsc vm run ELF [--input FILE]`: executes a guest locally (no cluster) and reports exit code, cycles, output and image id.</summary>
public sealed class VmCommands : ICommandGroup
{
    public Command Build()
    {
        var elf = new Argument<FileInfo>("ELF") { Description = "RV32IM ELF executable" };
        var input = new Option<FileInfo?>("--input") { Description = "binary input file (e.g. a tick input)" };
        var maxCycles = new Option<long?>("--max-cycles") { Description = "cycle limit (default 2^32)" };
        var json = new Option<bool>("--json") { Description = "print one JSON document" };
        var run = new Command("run", "Execute an ELF on an input and print {exitCode, cycles, output, imageId}") { elf, input, maxCycles, json };
        run.SetAction(parse =>
        {
            var result = Execute(parse.GetValue(elf)!, parse.GetValue(input), parse.GetValue(maxCycles), parse.GetValue(json) ? null : Console.Error);
            Output.Write(result, parse.GetValue(json), r =>
                Console.WriteLine($"exit {r.ExitCode} after {r.Cycles} cycles\nimage {r.ImageId}\noutput {r.Output}"));
            return 0;
        });
        return new Command("vm", "The RV32IM zkVM executor") { run };
    }

    /// <summary>Runs an ELF file; traps and bad files become one-line CLI errors.</summary>
    public static VmRunResult Execute(FileInfo elf, FileInfo? input, long? maxCycles, TextWriter? debug)
    {
        if (!elf.Exists) throw new CliException($"ELF file not found: {elf.FullName}");
        if (input is { Exists: false }) throw new CliException($"input file not found: {input.FullName}");
        ProgramImage image;
        try
        {
            image = ProgramImage.FromElf(File.ReadAllBytes(elf.FullName));
        }
        catch (ElfFormatException e)
        {
            throw new CliException($"{elf.Name}: {e.Message}");
        }
        var options = ExecutionOptions.Default with { Debug = debug };
        if (maxCycles is { } limit) options = options with { MaxCycles = limit };
        var result = new Executor(image, options).Run(input is null ? [] : File.ReadAllBytes(input.FullName));
        if (result.Trap is { } trap) throw new CliException($"{elf.Name}: trap: {trap.Message}");
        return new VmRunResult(result.ExitCode, result.Cycles, "0x" + Convert.ToHexStringLower(result.Output), result.ImageId.ToString());
    }
}

/// <summary>The JSON printed by `wsc vm run`.</summary>
public sealed record VmRunResult(int ExitCode, long Cycles, string Output, string ImageId);
