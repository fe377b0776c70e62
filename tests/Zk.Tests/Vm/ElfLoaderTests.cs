using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.ElfBuilder;

namespace Wsc.Zk.Tests.Vm;

/// <summary>Malformed or unsupported ELF files are rejected with one line naming the field.</summary>
public sealed class ElfLoaderTests
{
    private static byte[] Good() => Elf([Addi(A0, 0, 1), .. Exit], [1, 2, 3, 4], 64);

    private static string Reject(byte[] elf) =>
        Assert.Throws<ElfFormatException>(() => ProgramImage.FromElf(elf)).Message;

    [Fact]
    public void AcceptsAMinimalExecutable()
    {
        var p = ElfLoader.Load(Good());
        Assert.Equal(0x10000u, p.Entry);
        Assert.Equal(2, p.Segments.Count);
        Assert.True(p.Segments[0].Executable);
        Assert.True(p.Segments[1].Writable);
        Assert.Equal(64u, p.Segments[1].MemorySize);
    }

    [Theory]
    [InlineData(0, 0x7e, "magic")]
    [InlineData(4, 2, "ELF64")]
    [InlineData(5, 2, "big-endian")]
    [InlineData(6, 0, "ident version")]
    [InlineData(16, 1, "ET_REL")]
    [InlineData(16, 3, "ET_DYN")]
    [InlineData(18, 62, "e_machine 62, expected 243")]
    [InlineData(20, 2, "e_version")]
    [InlineData(36, 1, "RVC")]
    [InlineData(36, 4, "float ABI")]
    [InlineData(36, 8, "RVE")]
    [InlineData(42, 56, "e_phentsize")]
    [InlineData(44, 0, "no program headers")]
    [InlineData(44, 40, "program header table")]
    public void RejectsBadHeaderFields(int offset, byte value, string expected)
    {
        var elf = Good();
        elf[offset] = value;
        Assert.Contains(expected, Reject(elf));
    }

    [Fact]
    public void RejectsTruncatedFile() => Assert.Contains("shorter than the 52-byte", Reject(Good()[..40]));

    [Fact]
    public void RejectsEntryOutsideText()
    {
        var elf = Good();
        W32(elf, 24, 0x20000);
        Assert.Contains("entry 0x00020000 is not inside an executable segment", Reject(elf));
        W32(elf, 24, 0x10002);
        Assert.Contains("not 4-byte aligned", Reject(elf));
    }

    [Fact]
    public void RejectsBadSegments()
    {
        var elf = Good();
        Ph(elf, 1, 1, 84, 0x20000, 100, 64, 6);
        Assert.Contains("p_filesz 100 exceeds p_memsz 64", Reject(elf));

        elf = Good();
        Ph(elf, 1, 1, 80, 0x20000, 4000, 4000, 6);
        Assert.Contains("runs past the end", Reject(elf));

        elf = Good();
        Ph(elf, 1, 1, 84, 0x10004, 4, 8, 6);
        Assert.Contains("overlap", Reject(elf));

        elf = Good();
        Ph(elf, 0, 1, 116, 0x10000, 12, 12, 7);
        Assert.Contains("both writable and executable", Reject(elf));

        elf = Good();
        Ph(elf, 0, 1, 116, 0x10000, 12, 12, 4);
        Assert.Contains("no executable PT_LOAD", Reject(elf));

        elf = Good();
        Ph(elf, 1, 2, 0, 0, 0, 0, 0);
        Assert.Contains("PT_DYNAMIC", Reject(elf));

        elf = Good();
        Ph(elf, 1, 7, 0, 0, 0, 0, 0);
        Assert.Contains("PT_TLS", Reject(elf));

        elf = Good();
        Ph(elf, 1, 1, 84, 0xfffff000, 4, 0x2000, 6);
        Assert.Contains("wraps the 32-bit address space", Reject(elf));
    }

    [Fact]
    public void RejectsSegmentsOutsideTheLayout()
    {
        var low = ElfBuilder.Build(0x1000, [Addi(A0, 0, 1), .. Exit], [], 0, 0);
        Assert.Contains("null guard", Reject(low));
        var elf = Good();
        Ph(elf, 1, 1, 84, VmLayout.Default.HeapEnd - 4, 4, 8, 6);
        Assert.Contains("exceeds the heap limit", Reject(elf));
        var below = ElfBuilder.Build(0x20000, [Addi(A0, 0, 1), .. Exit], [1, 2, 3, 4], 0x10000, 4);
        Assert.Contains("lies above writable data", Reject(below));
    }
}
