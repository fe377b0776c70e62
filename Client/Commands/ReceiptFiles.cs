using Wsc.Client.Cli;
using Wsc.Zk.Vm;

namespace Wsc.Client.Commands;

/// <summary>Reading ELF and receipt files for `wsc prove` and `wsc verify`, with one-line errors.</summary>
internal static class ReceiptFiles
{
    public static ProgramImage LoadImage(FileInfo elf)
    {
        if (!elf.Exists) throw new CliException($"ELF file not found: {elf.FullName}");
        try
        {
            return ProgramImage.FromElf(File.ReadAllBytes(elf.FullName));
        }
        catch (ElfFormatException e)
        {
            throw new CliException($"{elf.Name}: {e.Message}");
        }
    }
}
