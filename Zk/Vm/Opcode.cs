namespace Wsc.Zk.Vm;

/// <summary>The RV32IM operations the executor knows, after decoding; anything else decodes to <see cref="Illegal"/>.</summary>
public enum Opcode : byte
{
    Illegal = 0,
    Lui, Auipc, Jal, Jalr,
    Beq, Bne, Blt, Bge, Bltu, Bgeu,
    Lb, Lh, Lw, Lbu, Lhu,
    Sb, Sh, Sw,
    Addi, Slti, Sltiu, Xori, Ori, Andi, Slli, Srli, Srai,
    Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And,
    Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu,
    Fence, Ecall, Ebreak,
}
