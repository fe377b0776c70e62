using System.Buffers.Binary;

namespace Wsc.Zk.Vm;

/// <summary>Parses and validates a static ELF32 little-endian RISC-V executable (RV32IM, soft-float, no RVC).</summary>
public static class ElfLoader
{
    private const int HeaderSize = 52;
    private const int ProgramHeaderSize = 32;
    private const ushort MachineRiscV = 243;
    private const uint PtLoad = 1, PtDynamic = 2, PtInterp = 3, PtTls = 7;
    private const uint PfX = 1, PfW = 2, PfR = 4;

    /// <summary>Reads and validates an ELF file.</summary>
    public static ElfProgram LoadFile(string path) => Load(File.ReadAllBytes(path));

    /// <summary>Validates <paramref name="elf"/> and returns its entry point and loadable segments.</summary>
    public static ElfProgram Load(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < HeaderSize)
            throw new ElfFormatException($"ELF: file is {elf.Length} bytes, shorter than the 52-byte ELF32 header");
        if (elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new ElfFormatException("ELF: bad magic, expected 7f 45 4c 46");
        if (elf[4] != 1)
            throw new ElfFormatException($"ELF: class {elf[4]} ({(elf[4] == 2 ? "ELF64" : "unknown")}), expected 1 (ELF32)");
        if (elf[5] != 1)
            throw new ElfFormatException($"ELF: data encoding {elf[5]} ({(elf[5] == 2 ? "big-endian" : "unknown")}), expected 1 (little-endian)");
        if (elf[6] != 1)
            throw new ElfFormatException($"ELF: ident version {elf[6]}, expected 1");
        var type = U16(elf, 16);
        if (type != 2)
            throw new ElfFormatException($"ELF: e_type {type} ({TypeName(type)}), expected 2 (ET_EXEC, a statically linked executable)");
        var machine = U16(elf, 18);
        if (machine != MachineRiscV)
            throw new ElfFormatException($"ELF: e_machine {machine}, expected 243 (RISC-V)");
        var version = U32(elf, 20);
        if (version != 1)
            throw new ElfFormatException($"ELF: e_version {version}, expected 1");
        var entry = U32(elf, 24);
        var phoff = U32(elf, 28);
        var flags = U32(elf, 36);
        if ((flags & 1) != 0)
            throw new ElfFormatException("ELF: e_flags has EF_RISCV_RVC, compressed instructions are not supported (build with -march=rv32im)");
        if ((flags & 6) != 0)
            throw new ElfFormatException($"ELF: e_flags float ABI {(flags >> 1) & 3}, expected soft-float (-mabi=ilp32)");
        if ((flags & 8) != 0)
            throw new ElfFormatException("ELF: e_flags has EF_RISCV_RVE, the RV32E base is not supported");
        var phentsize = U16(elf, 42);
        var phnum = U16(elf, 44);
        if (phnum == 0)
            throw new ElfFormatException("ELF: no program headers, expected at least one PT_LOAD segment");
        if (phentsize != ProgramHeaderSize)
            throw new ElfFormatException($"ELF: e_phentsize {phentsize}, expected 32");
        if ((ulong)phoff + (ulong)phnum * ProgramHeaderSize > (ulong)elf.Length)
            throw new ElfFormatException($"ELF: program header table (offset {phoff}, {phnum} entries) runs past the end of the {elf.Length}-byte file");

        var segments = new List<ElfSegment>();
        for (var i = 0; i < phnum; i++)
        {
            var ph = elf.Slice((int)phoff + i * ProgramHeaderSize, ProgramHeaderSize);
            var pType = U32(ph, 0);
            var offset = U32(ph, 4);
            var vaddr = U32(ph, 8);
            var filesz = U32(ph, 16);
            var memsz = U32(ph, 20);
            var pFlags = U32(ph, 24);
            if (pType is PtDynamic or PtInterp)
                throw new ElfFormatException($"ELF: segment {i} is {(pType == PtDynamic ? "PT_DYNAMIC" : "PT_INTERP")}, dynamic linking is not supported");
            if (pType == PtTls)
                throw new ElfFormatException($"ELF: segment {i} is PT_TLS, thread-local storage is not supported");
            if (pType != PtLoad || memsz == 0)
                continue;
            if (filesz > memsz)
                throw new ElfFormatException($"ELF: segment {i} p_filesz {filesz} exceeds p_memsz {memsz}");
            if ((ulong)offset + filesz > (ulong)elf.Length)
                throw new ElfFormatException($"ELF: segment {i} file range [{offset}, {(ulong)offset + filesz}) runs past the end of the {elf.Length}-byte file");
            if ((ulong)vaddr + memsz > uint.MaxValue)
                throw new ElfFormatException($"ELF: segment {i} at 0x{vaddr:x8} with size {memsz} wraps the 32-bit address space");
            var x = (pFlags & PfX) != 0;
            var w = (pFlags & PfW) != 0;
            if (x && w)
                throw new ElfFormatException($"ELF: segment {i} at 0x{vaddr:x8} is both writable and executable");
            if (x && (vaddr & 3) != 0)
                throw new ElfFormatException($"ELF: executable segment {i} at 0x{vaddr:x8} is not 4-byte aligned");
            var data = new byte[memsz];
            elf.Slice((int)offset, (int)filesz).CopyTo(data);
            segments.Add(new ElfSegment(vaddr, memsz, data, (pFlags & PfR) != 0 || x, w, x));
        }
        if (segments.Count == 0)
            throw new ElfFormatException("ELF: no non-empty PT_LOAD segment");
        segments.Sort((a, b) => a.VirtualAddress.CompareTo(b.VirtualAddress));
        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i].VirtualAddress < segments[i - 1].End)
                throw new ElfFormatException($"ELF: segments at 0x{segments[i - 1].VirtualAddress:x8} and 0x{segments[i].VirtualAddress:x8} overlap");
        }
        if (!segments.Any(s => s.Executable))
            throw new ElfFormatException("ELF: no executable PT_LOAD segment");
        if ((entry & 3) != 0)
            throw new ElfFormatException($"ELF: entry 0x{entry:x8} is not 4-byte aligned");
        if (!segments.Any(s => s.Executable && entry >= s.VirtualAddress && entry < s.End))
            throw new ElfFormatException($"ELF: entry 0x{entry:x8} is not inside an executable segment");
        return new ElfProgram(entry, segments);
    }

    private static string TypeName(ushort type) => type switch
    {
        0 => "ET_NONE", 1 => "ET_REL, an object file: link it first", 3 => "ET_DYN, position-independent", 4 => "ET_CORE", _ => "unknown",
    };

    private static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
}
