using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>More RV32IM encoders on top of <see cref="Asm"/>, named as the assembler spells them.</summary>
internal static class Rv
{
    private static uint Op(uint f7, uint f3, int rd, int rs1, int rs2) => R(f7, rs2, rs1, f3, rd, 0x33);

    public static uint Add(int rd, int rs1, int rs2) => Op(0, 0, rd, rs1, rs2);
    public static uint Sub(int rd, int rs1, int rs2) => Op(0x20, 0, rd, rs1, rs2);
    public static uint Sll(int rd, int rs1, int rs2) => Op(0, 1, rd, rs1, rs2);
    public static uint Slt(int rd, int rs1, int rs2) => Op(0, 2, rd, rs1, rs2);
    public static uint Sltu(int rd, int rs1, int rs2) => Op(0, 3, rd, rs1, rs2);
    public static uint Xor(int rd, int rs1, int rs2) => Op(0, 4, rd, rs1, rs2);
    public static uint Srl(int rd, int rs1, int rs2) => Op(0, 5, rd, rs1, rs2);
    public static uint Sra(int rd, int rs1, int rs2) => Op(0x20, 5, rd, rs1, rs2);
    public static uint Or(int rd, int rs1, int rs2) => Op(0, 6, rd, rs1, rs2);
    public static uint And(int rd, int rs1, int rs2) => Op(0, 7, rd, rs1, rs2);
    public static uint Mul(int rd, int rs1, int rs2) => Op(1, 0, rd, rs1, rs2);
    public static uint Mulh(int rd, int rs1, int rs2) => Op(1, 1, rd, rs1, rs2);
    public static uint Mulhsu(int rd, int rs1, int rs2) => Op(1, 2, rd, rs1, rs2);
    public static uint Mulhu(int rd, int rs1, int rs2) => Op(1, 3, rd, rs1, rs2);
    public static uint Div(int rd, int rs1, int rs2) => Op(1, 4, rd, rs1, rs2);
    public static uint Divu(int rd, int rs1, int rs2) => Op(1, 5, rd, rs1, rs2);
    public static uint Rem(int rd, int rs1, int rs2) => Op(1, 6, rd, rs1, rs2);
    public static uint Remu(int rd, int rs1, int rs2) => Op(1, 7, rd, rs1, rs2);

    public static uint Slti(int rd, int rs1, int imm) => I(imm, rs1, 2, rd, 0x13);
    public static uint Sltiu(int rd, int rs1, int imm) => I(imm, rs1, 3, rd, 0x13);
    public static uint Xori(int rd, int rs1, int imm) => I(imm, rs1, 4, rd, 0x13);
    public static uint Ori(int rd, int rs1, int imm) => I(imm, rs1, 6, rd, 0x13);
    public static uint Andi(int rd, int rs1, int imm) => I(imm, rs1, 7, rd, 0x13);
    public static uint Slli(int rd, int rs1, int sh) => I(sh, rs1, 1, rd, 0x13);
    public static uint Srli(int rd, int rs1, int sh) => I(sh, rs1, 5, rd, 0x13);
    public static uint Srai(int rd, int rs1, int sh) => I(0x400 | sh, rs1, 5, rd, 0x13);

    public static uint Lb(int rd, int rs1, int imm) => I(imm, rs1, 0, rd, 0x03);
    public static uint Lh(int rd, int rs1, int imm) => I(imm, rs1, 1, rd, 0x03);
    public static uint Lbu(int rd, int rs1, int imm) => I(imm, rs1, 4, rd, 0x03);
    public static uint Lhu(int rd, int rs1, int imm) => I(imm, rs1, 5, rd, 0x03);
    public static uint Sb(int rs2, int rs1, int imm) => S(imm, rs2, rs1, 0);
    public static uint Sh(int rs2, int rs1, int imm) => S(imm, rs2, rs1, 1);

    public static uint Beq(int rs1, int rs2, int off) => B(off, rs2, rs1, 0);
    public static uint Bne(int rs1, int rs2, int off) => B(off, rs2, rs1, 1);
    public static uint Blt(int rs1, int rs2, int off) => B(off, rs2, rs1, 4);
    public static uint Bge(int rs1, int rs2, int off) => B(off, rs2, rs1, 5);
    public static uint Bltu(int rs1, int rs2, int off) => B(off, rs2, rs1, 6);
    public static uint Bgeu(int rs1, int rs2, int off) => B(off, rs2, rs1, 7);

    public const uint Fence = 0x0ff0000f;
}
