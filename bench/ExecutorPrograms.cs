using System.Buffers.Binary;

namespace Wsc.Bench;

/// <summary>Hand-assembled RV32IM programs for the executor benchmark (no toolchain needed).</summary>
internal static class ExecutorPrograms
{
    private static uint R(uint f7, int rs2, int rs1, uint f3, int rd) => (f7 << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | 0x33;
    private static uint I(int imm, int rs1, uint f3, int rd, uint op) => ((uint)(imm & 0xfff) << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | op;
    private static uint S(int imm, int rs2, int rs1) => ((uint)((imm >> 5) & 0x7f) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15) | (2u << 12) | ((uint)(imm & 31) << 7) | 0x23;
    private static uint Bne(int imm, int rs2, int rs1) =>
        ((uint)((imm >> 12) & 1) << 31) | ((uint)((imm >> 5) & 0x3f) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15)
        | (1u << 12) | ((uint)((imm >> 1) & 0xf) << 8) | ((uint)((imm >> 11) & 1) << 7) | 0x63;
    private static uint Lui(int rd, uint imm20) => (imm20 << 12) | ((uint)rd << 7) | 0x37;

    private static uint[] Li(int rd, uint v)
    {
        var lo = (int)(v << 20) >> 20;
        return [Lui(rd, (v - (uint)lo) >> 12), I(lo, rd, 0, rd, 0x13)];
    }

    /// <summary>
    /// A loop of 8 instructions mixing the common classes (load, store, ALU, shift, multiply, branch), run
    /// <paramref name="iterations"/> times; exits with the low byte of the accumulator.
    /// </summary>
    public static byte[] Loop(uint iterations)
    {
        const int t0 = 5, t1 = 6, a0 = 10, a1 = 11, a2 = 12, a3 = 13, a7 = 17;
        uint[] code =
        [
            .. Li(t0, iterations), .. Li(t1, 0x20000),
            I(0, t1, 2, a0, 0x03),         // lw a0, 0(t1)
            R(0, t0, a0, 0, a0),           // add a0, a0, t0
            R(0, t0, a0, 4, a1),           // xor a1, a0, t0
            I(3, a1, 1, a2, 0x13),         // slli a2, a1, 3
            S(0, a2, t1),                  // sw a2, 0(t1)
            R(1, a1, a2, 0, a3),           // mul a3, a2, a1
            I(-1, t0, 0, t0, 0x13),        // addi t0, t0, -1
            Bne(-28, 0, t0),               // bne t0, x0, loop
            I(0xff, a3, 7, a0, 0x13),      // andi a0, a3, 255
            I(93, 0, 0, a7, 0x13),         // li a7, 93
            0x00000073,                    // ecall
        ];
        return Elf(code);
    }

    internal static byte[] Elf(uint[] text)
    {
        const int header = 52, ph = 32;
        var textOff = header + 2 * ph;
        var elf = new byte[textOff + text.Length * 4];
        elf[0] = 0x7f; elf[1] = (byte)'E'; elf[2] = (byte)'L'; elf[3] = (byte)'F'; elf[4] = 1; elf[5] = 1; elf[6] = 1;
        W16(16, 2); W16(18, 243); W32(20, 1); W32(24, 0x10000); W32(28, header); W16(40, header); W16(42, ph); W16(44, 2);
        Ph(0, (uint)textOff, 0x10000, (uint)text.Length * 4, (uint)text.Length * 4, 5);
        Ph(1, (uint)elf.Length, 0x20000, 0, 4096, 6);
        for (var i = 0; i < text.Length; i++) W32(textOff + i * 4, text[i]);
        return elf;

        void Ph(int i, uint off, uint vaddr, uint filesz, uint memsz, uint flags)
        {
            var at = header + i * ph;
            W32(at, 1); W32(at + 4, off); W32(at + 8, vaddr); W32(at + 12, vaddr); W32(at + 16, filesz); W32(at + 20, memsz); W32(at + 24, flags); W32(at + 28, 4);
        }
        void W16(int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(at), v);
        void W32(int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan(at), v);
    }
}
