using System.CommandLine;
using Wsc.Client.Cli;
using Wsc.Zk.Graph;

namespace Wsc.Client.Commands;

/// <summary>`wsc zkgraph build DIR`: compiles a zkGraph's C sources with the guest SDK into an RV32IM ELF.</summary>
public sealed class ZkGraphCommands : ICommandGroup
{
    public Command Build()
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "directory holding zkgraph.yaml and the C sources" };
        var opt = new Option<string?>("--opt") { Description = "optimization level 0|1|2|3|s|z (default: the manifest's, else 2)" };
        var sdk = new Option<DirectoryInfo?>("--sdk") { Description = "guest SDK directory (default: $WSC_GUEST_SDK or guest/ above the current directory or the wsc binary)" };
        var output = new Option<FileInfo?>("-o", "--output") { Description = "ELF path (default: the manifest's program)" };
        var json = new Option<bool>("--json") { Description = "print one JSON document" };
        var build = new Command("build", "Build a zkGraph and print {elf, imageId, bytes}") { dir, opt, sdk, output, json };
        build.SetAction(parse =>
        {
            var result = BuildGraph(parse.GetValue(dir)!, parse.GetValue(opt), parse.GetValue(sdk)?.FullName, parse.GetValue(output)?.FullName);
            Output.Write(result, parse.GetValue(json), r => Console.WriteLine($"{r.Elf}\nimage {r.ImageId}\n{r.Bytes} bytes"));
            return 0;
        });
        var group = new Command("zkgraph", "zkGraph programs: build (deploy and outputs come with the cluster)");
        group.Subcommands.Add(build);
        return group;
    }

    /// <summary>Builds a graph directory; manifest, SDK and compiler errors become one-line CLI errors.</summary>
    public static ZkGraphBuildResult BuildGraph(DirectoryInfo dir, string? opt, string? sdk, string? output)
    {
        if (!dir.Exists) throw new CliException($"zkGraph directory not found: {dir.FullName}");
        if (opt is not (null or "0" or "1" or "2" or "3" or "s" or "z")) throw new CliException($"--opt '{opt}' must be one of 0, 1, 2, 3, s, z");
        try
        {
            var built = new GuestBuilder(GuestBuilder.LocateSdk(sdk)).Build(dir.FullName, opt, output);
            return new ZkGraphBuildResult(built.Elf, built.ImageId.ToString(), built.Bytes);
        }
        catch (Exception e) when (e is GuestBuildException or ManifestException or Wsc.Zk.Vm.ElfFormatException)
        {
            throw new CliException(e.Message);
        }
    }
}

/// <summary>The JSON printed by `wsc zkgraph build`.</summary>
public sealed record ZkGraphBuildResult(string Elf, string ImageId, long Bytes);
