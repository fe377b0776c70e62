using System.CommandLine;

namespace Wsc.Client.Cli;

/// <summary>A top-level `wsc` command (e.g. `chain`, `vm`); discovered by reflection so each group is one file.</summary>
public interface ICommandGroup
{
    /// <summary>Builds the command with its subcommands and actions.</summary>
    Command Build();
}
