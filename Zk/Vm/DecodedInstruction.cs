using System.Runtime.InteropServices;

namespace Wsc.Zk.Vm;

/// <summary>One instruction decoded once at load time: operation, register indexes (0 when unused) and sign-extended immediate.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public readonly record struct DecodedInstruction(Opcode Op, byte Rd, byte Rs1, byte Rs2, int Imm)
{
    /// <summary>True for operations that write <see cref="Rd"/> (loads, ALU ops, LUI/AUIPC, jumps).</summary>
    public bool WritesRd => Op is not (Opcode.Illegal or Opcode.Beq or Opcode.Bne or Opcode.Blt or Opcode.Bge
        or Opcode.Bltu or Opcode.Bgeu or Opcode.Sb or Opcode.Sh or Opcode.Sw or Opcode.Fence or Opcode.Ecall or Opcode.Ebreak);
}
