using System.Buffers.Binary;
using Wsc.Zk.Vm;

namespace Wsc.Grains.Tests.Proving;

/// <summary>
/// A hand-assembled RV32IM guest for proving tests (as tests/Zk.Tests/Receipts/ReceiptPrograms.Counter): reads up to 4
/// input bytes into a word, then n times adds 1 to a counter, stores it and writes its low byte to the output; exits
/// with counter + the input word. About 8 cycles an iteration, so n sets the number of segments.
/// </summary>
internal static class CounterProgram
{
    private const int A0 = 10, A1 = 11, A7 = 17, T0 = 5, T1 = 6, T2 = 7, T3 = 28;

    public static byte[] Elf(int n)
    {
        uint[] body = [Addi(T1, T1, 1), Sw(T1, T0, 0), .. Li(A7, Syscalls.WriteOutput), Addi(A0, T0, 0), Addi(A1, 0, 1), Ecall];
        uint[] words =
        [
            .. Li(T0, 0x20000), .. Li(A7, Syscalls.ReadInput), Addi(A0, T0, 4), Addi(A1, 0, 4), Ecall, Lw(T3, T0, 4),
            Addi(T1, 0, 0), Addi(T2, 0, n),
            .. body, Bne(T1, T2, -4 * body.Length),
            Add(A0, T1, T3), Addi(A7, 0, 93), Ecall,
        ];
        return Build(0x10000, words, 0x20000, 64);
    }

    /// <summary>Hashes 4 bytes with the keccak256 ECALL and exits 0 (proven with the keccak precompile tables).</summary>
    public static byte[] KeccakElf()
    {
        uint[] words = [.. Li(A0, 0x20000), Addi(A1, 0, 4), .. Li(12, 0x20010), .. Li(A7, Syscalls.Keccak256), Ecall, Addi(A0, 0, 0), Addi(A7, 0, 93), Ecall];
        return Build(0x10000, words, 0x20000, 64);
    }

    /// <summary>Runs a few instructions, then reaches an all-zero word (an illegal instruction): the run traps.</summary>
    public static byte[] TrapElf() => Build(0x10000, [Addi(T1, 0, 1), Addi(T1, T1, 1), 0x00000000], 0x20000, 64);

    /// <summary>The output Elf(n) writes.</summary>
    public static byte[] Output(int n) => [.. Enumerable.Range(1, n).Select(i => (byte)i)];

    private const uint Ecall = 0x00000073;

    private static uint I(int imm, int rs1, uint f3, int rd, uint op) => ((uint)(imm & 0xfff) << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | op;

    private static uint Addi(int rd, int rs1, int imm) => I(imm, rs1, 0, rd, 0x13);

    private static uint Lw(int rd, int rs1, int imm) => I(imm, rs1, 2, rd, 0x03);

    private static uint Sw(int rs2, int rs1, int imm) =>
        ((uint)((imm >> 5) & 0x7f) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15) | (2u << 12) | ((uint)(imm & 31) << 7) | 0x23;

    private static uint Add(int rd, int rs1, int rs2) => ((uint)rs2 << 20) | ((uint)rs1 << 15) | ((uint)rd << 7) | 0x33;

    private static uint Bne(int rs1, int rs2, int imm) =>
        ((uint)((imm >> 12) & 1) << 31) | ((uint)((imm >> 5) & 0x3f) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15)
        | (1u << 12) | ((uint)((imm >> 1) & 0xf) << 8) | ((uint)((imm >> 11) & 1) << 7) | 0x63;

    private static uint[] Li(int rd, uint value)
    {
        var lo = (int)(value << 20) >> 20;
        var hi = (value - (uint)lo) >> 12;
        return [(hi << 12) | ((uint)rd << 7) | 0x37, Addi(rd, rd, lo)];
    }

    /// <summary>A minimal ELF32 RISC-V executable: one RX text segment and one zero-filled RW data segment.</summary>
    private static byte[] Build(uint textAddr, uint[] text, uint dataAddr, uint dataMemSize)
    {
        const int header = 52, ph = 32;
        var textOff = header + 2 * ph;
        var elf = new byte[textOff + text.Length * 4];
        elf[0] = 0x7f;
        elf[1] = (byte)'E';
        elf[2] = (byte)'L';
        elf[3] = (byte)'F';
        elf[4] = 1;
        elf[5] = 1;
        elf[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(16), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(18), 243);
        BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan(24), textAddr);
        BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan(28), header);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(40), header);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(42), ph);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(44), 2);
        Ph(elf, header, (uint)textOff, textAddr, (uint)text.Length * 4, (uint)text.Length * 4, 5);
        Ph(elf, header + ph, (uint)elf.Length, dataAddr, 0, dataMemSize, 6);
        for (var i = 0; i < text.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan(textOff + 4 * i), text[i]);
        }
        return elf;
    }

    private static void Ph(byte[] elf, int at, uint off, uint vaddr, uint filesz, uint memsz, uint flags)
    {
        uint[] fields = [1, off, vaddr, vaddr, filesz, memsz, flags, 4];
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan(at + 4 * i), fields[i]);
        }
    }
}
