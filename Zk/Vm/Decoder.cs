namespace Wsc.Zk.Vm;

/// <summary>Decodes 32-bit RV32IM instruction words (RISC-V unprivileged spec, chapters 2 and 7).</summary>
public static class Decoder
{
    /// <summary>Decodes <paramref name="word"/>; returns an <see cref="Opcode.Illegal"/> instruction when it is not RV32IM.</summary>
    public static DecodedInstruction Decode(uint word) => TryDecode(word, out var d, out _) ? d : default;

    /// <summary>Decodes <paramref name="word"/>, or says in <paramref name="reason"/> why it is not an RV32IM instruction.</summary>
    public static bool TryDecode(uint word, out DecodedInstruction decoded, out string reason)
    {
        decoded = default;
        var opcode = word & 0x7f;
        var rd = (byte)((word >> 7) & 31);
        var f3 = (word >> 12) & 7;
        var rs1 = (byte)((word >> 15) & 31);
        var rs2 = (byte)((word >> 20) & 31);
        var f7 = word >> 25;
        var immI = (int)word >> 20;
        var immS = ((int)word >> 25 << 5) | (int)((word >> 7) & 31);
        var immB = ((int)word >> 31 << 12) | (int)(((word >> 7) & 1) << 11) | (int)(((word >> 25) & 0x3f) << 5) | (int)(((word >> 8) & 0xf) << 1);
        var immU = (int)(word & 0xfffff000);
        var immJ = ((int)word >> 31 << 20) | (int)(word & 0xff000) | (int)(((word >> 20) & 1) << 11) | (int)(((word >> 21) & 0x3ff) << 1);
        reason = "";
        switch (opcode)
        {
            case 0x37: decoded = new(Opcode.Lui, rd, 0, 0, immU); return true;
            case 0x17: decoded = new(Opcode.Auipc, rd, 0, 0, immU); return true;
            case 0x6f: decoded = new(Opcode.Jal, rd, 0, 0, immJ); return true;
            case 0x67:
                if (f3 != 0) { reason = "JALR with funct3 != 0"; return false; }
                decoded = new(Opcode.Jalr, rd, rs1, 0, immI); return true;
            case 0x63:
            {
                Opcode op = f3 switch { 0 => Opcode.Beq, 1 => Opcode.Bne, 4 => Opcode.Blt, 5 => Opcode.Bge, 6 => Opcode.Bltu, 7 => Opcode.Bgeu, _ => Opcode.Illegal };
                if (op == Opcode.Illegal) { reason = $"branch funct3 {f3} is reserved"; return false; }
                decoded = new(op, 0, rs1, rs2, immB); return true;
            }
            case 0x03:
            {
                Opcode op = f3 switch { 0 => Opcode.Lb, 1 => Opcode.Lh, 2 => Opcode.Lw, 4 => Opcode.Lbu, 5 => Opcode.Lhu, _ => Opcode.Illegal };
                if (op == Opcode.Illegal) { reason = $"load funct3 {f3} is not RV32I"; return false; }
                decoded = new(op, rd, rs1, 0, immI); return true;
            }
            case 0x23:
            {
                Opcode op = f3 switch { 0 => Opcode.Sb, 1 => Opcode.Sh, 2 => Opcode.Sw, _ => Opcode.Illegal };
                if (op == Opcode.Illegal) { reason = $"store funct3 {f3} is not RV32I"; return false; }
                decoded = new(op, 0, rs1, rs2, immS); return true;
            }
            case 0x13:
                switch (f3)
                {
                    case 0: decoded = new(Opcode.Addi, rd, rs1, 0, immI); return true;
                    case 2: decoded = new(Opcode.Slti, rd, rs1, 0, immI); return true;
                    case 3: decoded = new(Opcode.Sltiu, rd, rs1, 0, immI); return true;
                    case 4: decoded = new(Opcode.Xori, rd, rs1, 0, immI); return true;
                    case 6: decoded = new(Opcode.Ori, rd, rs1, 0, immI); return true;
                    case 7: decoded = new(Opcode.Andi, rd, rs1, 0, immI); return true;
                    case 1:
                        if (f7 != 0) { reason = "SLLI with imm[11:5] != 0 (shamt must be < 32)"; return false; }
                        decoded = new(Opcode.Slli, rd, rs1, 0, rs2); return true;
                    default:
                        if (f7 == 0) { decoded = new(Opcode.Srli, rd, rs1, 0, rs2); return true; }
                        if (f7 == 0x20) { decoded = new(Opcode.Srai, rd, rs1, 0, rs2); return true; }
                        reason = "SRLI/SRAI with bad imm[11:5] (shamt must be < 32)"; return false;
                }
            case 0x33:
            {
                Opcode op = (f7, f3) switch
                {
                    (0, 0) => Opcode.Add, (0x20, 0) => Opcode.Sub, (0, 1) => Opcode.Sll, (0, 2) => Opcode.Slt,
                    (0, 3) => Opcode.Sltu, (0, 4) => Opcode.Xor, (0, 5) => Opcode.Srl, (0x20, 5) => Opcode.Sra,
                    (0, 6) => Opcode.Or, (0, 7) => Opcode.And,
                    (1, 0) => Opcode.Mul, (1, 1) => Opcode.Mulh, (1, 2) => Opcode.Mulhsu, (1, 3) => Opcode.Mulhu,
                    (1, 4) => Opcode.Div, (1, 5) => Opcode.Divu, (1, 6) => Opcode.Rem, (1, 7) => Opcode.Remu,
                    _ => Opcode.Illegal,
                };
                if (op == Opcode.Illegal) { reason = $"OP with funct7 0x{f7:x2} funct3 {f3} is not RV32IM"; return false; }
                decoded = new(op, rd, rs1, rs2, 0); return true;
            }
            case 0x0f:
                // FENCE (and FENCE.TSO/PAUSE, which share funct3 0): a single hart with no devices needs no ordering.
                if (f3 != 0) { reason = f3 == 1 ? "FENCE.I (Zifencei) is not supported" : $"MISC-MEM funct3 {f3} is reserved"; return false; }
                decoded = new(Opcode.Fence, 0, 0, 0, 0); return true;
            case 0x73:
                if (word == 0x00000073) { decoded = new(Opcode.Ecall, 0, 0, 0, 0); return true; }
                if (word == 0x00100073) { decoded = new(Opcode.Ebreak, 0, 0, 0, 0); return true; }
                reason = f3 != 0 ? "CSR instructions are not supported" : "privileged SYSTEM instruction is not supported";
                return false;
            default:
                reason = (word & 3) != 3 ? "compressed (RVC) encodings are not supported" : $"opcode 0x{opcode:x2} is not RV32IM";
                return false;
        }
    }
}
