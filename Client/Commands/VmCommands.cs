using System.CommandLine;
using Wsc.Client.Cli;
using Wsc.Zk.Vm;

namespace Wsc.Client.Commands;

/// <summary>`wsc vm run ELF [--input FILE]`: executes a guest locally (no cluster) and reports exit code, cycles, output and image id.</summary>
public sealed class VmCommands : ICommandGroup
{
    /// <summary>wsc's exit code when the guest ran to its end but exited non-zero (1 is wsc's own errors, 2 usage).</summary>
    public const int GuestFailedExitCode = 3;

    public Command Build()
    {
        var elf = new Argument<FileInfo>("ELF") { Description = "RV32IM ELF executable" };
        var input = new Option<FileInfo?>("--input") { Description = "binary input file (e.g. a tick input)" };
        var maxCycles = new Option<long?>("--max-cycles") { Description = "cycle limit (default 2^32)" };
        var json = new Option<bool>("--json") { Description = "print one JSON document" };
        var debug = new Option<bool>("--debug") { Description = "show the guest's debug prints on stderr (always on without --json)" };
        var run = new Command("run", "Execute an ELF on an input and print {exitCode, cycles, output, imageId}") { elf, input, maxCycles, json, debug };
        run.SetAction(parse =>
        {
            var showDebug = parse.GetValue(debug) || !parse.GetValue(json);
            var result = Execute(parse.GetValue(elf)!, parse.GetValue(input), parse.GetValue(maxCycles), showDebug ? Console.Error : null);
            Output.Write(result, parse.GetValue(json), r =>
                Console.WriteLine($"exit {r.ExitCode} after {r.Cycles} cycles\nimage {r.ImageId}\noutput {r.Output}"));
            if (result.ExitCode != 0)
            {
                // The run itself worked (the report above is complete), but a script must not mistake a failed guest
                // for a good one: say so on stderr and exit with GuestFailedExitCode.
                Console.Error.WriteLine($"wsc: {parse.GetValue(elf)!.Name}: the guest exited with code {result.ExitCode}");
                return GuestFailedExitCode;
            }
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
