using System.Buffers.Binary;

namespace Wsc.Zk.Tests.Vm;

/// <summary>Writes minimal ELF32 little-endian RISC-V executables: one RX text segment and one RW data segment.</summary>
internal static class ElfBuilder
{
    public const int HeaderSize = 52, PhSize = 32;

    public static byte[] Build(uint textAddr, uint[] text, byte[] data, uint dataAddr, uint dataMemSize)
    {
        var phnum = dataMemSize > 0 ? 2 : 1;
        var textOff = HeaderSize + phnum * PhSize;
        var dataOff = textOff + text.Length * 4;
        var elf = new byte[dataOff + data.Length];
        elf[0] = 0x7f; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F';
        elf[4] = 1; elf[5] = 1; elf[6] = 1;
        W16(elf, 16, 2); W16(elf, 18, 243); W32(elf, 20, 1); W32(elf, 24, textAddr); W32(elf, 28, HeaderSize);
        W16(elf, 40, HeaderSize); W16(elf, 42, PhSize); W16(elf, 44, (ushort)phnum);
        Ph(elf, 0, 1, (uint)textOff, textAddr, (uint)text.Length * 4, (uint)text.Length * 4, 5);
        if (phnum == 2) Ph(elf, 1, 1, (uint)dataOff, dataAddr, (uint)data.Length, dataMemSize, 6);
        for (var i = 0; i < text.Length; i++) W32(elf, textOff + i * 4, text[i]);
        data.CopyTo(elf, dataOff);
        return elf;
    }

    public static void Ph(byte[] elf, int i, uint type, uint off, uint vaddr, uint filesz, uint memsz, uint flags)
    {
        var at = HeaderSize + i * PhSize;
        W32(elf, at, type); W32(elf, at + 4, off); W32(elf, at + 8, vaddr); W32(elf, at + 12, vaddr);
        W32(elf, at + 16, filesz); W32(elf, at + 20, memsz); W32(elf, at + 24, flags); W32(elf, at + 28, 4);
    }

    public static void W16(byte[] b, int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);

    public static void W32(byte[] b, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
}
