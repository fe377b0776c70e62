using Wsc.Zk.Vm;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>A generated guest: its code, initial data at 0x20000 (DataSize bytes mapped), the input it reads, and the seed that made it.</summary>
internal sealed record RandomProgram(int Seed, uint[] Words, byte[] Data, uint DataSize, byte[] Input)
{
    public ProgramImage Image() => ProgramImage.FromElf(Asm.Elf(Words, Data, DataSize));

    /// <summary>The code as hex words, one a line, for a failure report (assemble it back with Asm.Elf).</summary>
    public string Listing() => string.Join("\n", Words.Select((w, i) => $"  0x{0x10000 + 4 * i:x5}: 0x{w:x8}"));
}
