using Wsc.Zk.Vm;

namespace Wsc.Zk.Tests.Vm;

/// <summary>Hand-assembles RV32IM instruction words (spec chapter 2 encodings) for executor tests.</summary>
internal static class Asm
{
    public const int Zero = 0, Ra = 1, Sp = 2, A0 = 10, A1 = 11, A2 = 12, A7 = 17, T0 = 5, T1 = 6, T2 = 7;

    public static uint R(uint f7, int rs2, int rs1, uint f3, int rd, uint op) =>
        (f7 << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | op;

    public static uint I(int imm, int rs1, uint f3, int rd, uint op) =>
        ((uint)(imm & 0xfff) << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | op;

    public static uint S(int imm, int rs2, int rs1, uint f3) =>
        ((uint)((imm >> 5) & 0x7f) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)(imm & 31) << 7) | 0x23;

    public static uint B(int imm, int rs2, int rs1, uint f3) =>
        ((uint)((imm >> 12) & 1) << 31) | ((uint)((imm >> 5) & 0x3f) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15)
        | (f3 << 12) | ((uint)((imm >> 1) & 0xf) << 8) | ((uint)((imm >> 11) & 1) << 7) | 0x63;

    public static uint U(uint imm20, int rd, uint op) => (imm20 << 12) | ((uint)rd << 7) | op;

    public static uint J(int imm, int rd) =>
        ((uint)((imm >> 20) & 1) << 31) | ((uint)((imm >> 1) & 0x3ff) << 21) | ((uint)((imm >> 11) & 1) << 20)
        | ((uint)((imm >> 12) & 0xff) << 12) | ((uint)rd << 7) | 0x6f;

    public static uint Addi(int rd, int rs1, int imm) => I(imm, rs1, 0, rd, 0x13);
    public static uint Lui(int rd, uint imm20) => U(imm20, rd, 0x37);
    public static uint Auipc(int rd, uint imm20) => U(imm20, rd, 0x17);
    public static uint Jal(int rd, int imm) => J(imm, rd);
    public static uint Jalr(int rd, int rs1, int imm) => I(imm, rs1, 0, rd, 0x67);
    public static uint Lw(int rd, int rs1, int imm) => I(imm, rs1, 2, rd, 0x03);
    public static uint Sw(int rs2, int rs1, int imm) => S(imm, rs2, rs1, 2);
    public const uint Ecall = 0x00000073;
    public const uint Ebreak = 0x00100073;

    /// <summary>Loads a full 32-bit constant with LUI + ADDI (the ADDI immediate is sign-extended, so round up).</summary>
    public static uint[] Li(int rd, uint value)
    {
        var lo = (int)(value << 20) >> 20;
        var hi = (value - (uint)lo) >> 12;
        return [Lui(rd, hi), Addi(rd, rd, lo)];
    }

    /// <summary>a7 = 93; ecall: exit with a0.</summary>
    public static uint[] Exit => [Addi(A7, 0, 93), Ecall];

    /// <summary>Wraps words as text at 0x10000 (and optional data at 0x20000) in a minimal ELF32 RISC-V executable.</summary>
    public static byte[] Elf(uint[] text, byte[]? data = null, uint dataMemSize = 0) =>
        ElfBuilder.Build(0x10000, text, data ?? [], 0x20000, Math.Max(dataMemSize, (uint)(data?.Length ?? 0)));

    /// <summary>Runs words (followed by the exit sequence) and returns the result.</summary>
    public static ExecutionResult Run(params uint[] words) => Run(ExecutionOptions.Default, words);

    public static ExecutionResult Run(ExecutionOptions options, params uint[] words) =>
        Executor.Run(Elf([.. words, .. Exit]), [], options with { MaxCycles = Math.Min(options.MaxCycles, 1_000_000) });
}
