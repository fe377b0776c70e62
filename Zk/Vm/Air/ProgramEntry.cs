namespace Wsc.Zk.Vm.Air;

/// <summary>
/// One instruction as the program table commits it and the CPU fetches it: packed <see cref="CpuFlag"/> bits, register
/// indexes (rd = 0 when nothing is written), the immediate as a u32, the ALU op and the load-store kind (0 when unused).
/// JAL and branch immediates are pc offsets: the table holds them as signed field elements (<see cref="ImmCell"/>).
/// </summary>
public readonly record struct ProgramEntry(uint Flags, uint Rd, uint Rs1, uint Rs2, uint Imm, ulong AluOp, ulong LsKind, bool Offset = false)
{
    public bool Has(int flag) => (Flags >> flag & 1) != 0;

    /// <summary>The one op cell: the ALU op, or for a load or store its kind (which computes its own address).</summary>
    public ulong Op => AluOp | LsKind;

    /// <summary>The imm cell of the program table and the CPU row: the u32, or for a pc offset the signed value as a field element.</summary>
    public ulong ImmCell => Offset && (int)Imm < 0 ? Field.Goldilocks.Neg((ulong)-(long)(int)Imm) : Imm;

    /// <summary>How the AIR executes `word` at `pc`; EBREAK and illegal words get no flags, so no CPU row can fetch them.</summary>
    public static ProgramEntry Decode(uint word, uint pc)
    {
        var d = Decoder.Decode(word);
        uint imm = (uint)d.Imm;
        uint Bit(int f) => 1u << f;
        uint Rd(out uint rd)
        {
            rd = d.Rd;
            return d.Rd != 0 ? Bit(CpuFlag.WritesRd) : 0;
        }
        ProgramEntry AluI(ulong op) => new(Bit(CpuFlag.Alu) | Bit(CpuFlag.Imm) | Rd(out var rd), rd, d.Rs1, 0, imm, op, 0);
        ProgramEntry AluR(ulong op) => new(Bit(CpuFlag.Alu) | Rd(out var rd), rd, d.Rs1, d.Rs2, 0, op, 0);
        ProgramEntry Branch(int cls, ulong op) => new(Bit(cls), 0, d.Rs1, d.Rs2, imm, op, 0, Offset: true);
        ProgramEntry Load(ulong kind) => new(Bit(CpuFlag.Load) | Bit(CpuFlag.Imm) | Rd(out var rd), rd, d.Rs1, 0, imm, 0, kind);
        ProgramEntry Store(ulong kind) => new(Bit(CpuFlag.Store) | Bit(CpuFlag.Imm), 0, d.Rs1, d.Rs2, imm, 0, kind);
        return d.Op switch
        {
            Opcode.Lui => new(Bit(CpuFlag.Lui) | Rd(out var rd), rd, 0, 0, imm, 0, 0),
            Opcode.Auipc => new(Bit(CpuFlag.Lui) | Rd(out var rd), rd, 0, 0, pc + imm, 0, 0),
            Opcode.Jal => new(Bit(CpuFlag.Jal) | Rd(out var rd), rd, 0, 0, imm, 0, 0, Offset: true),
            Opcode.Jalr => new(Bit(CpuFlag.Jalr) | Bit(CpuFlag.Imm) | Rd(out var rd), rd, d.Rs1, 0, imm, Air.AluOp.Add, 0),
            Opcode.Beq => Branch(CpuFlag.Beq, 0),
            Opcode.Bne => Branch(CpuFlag.Bne, 0),
            Opcode.Blt => Branch(CpuFlag.BltLike, Air.AluOp.Slt),
            Opcode.Bltu => Branch(CpuFlag.BltLike, Air.AluOp.Sltu),
            Opcode.Bge => Branch(CpuFlag.BgeLike, Air.AluOp.Slt),
            Opcode.Bgeu => Branch(CpuFlag.BgeLike, Air.AluOp.Sltu),
            Opcode.Lb => Load(LoadStoreKind.Lb),
            Opcode.Lh => Load(LoadStoreKind.Lh),
            Opcode.Lw => Load(LoadStoreKind.Lw),
            Opcode.Lbu => Load(LoadStoreKind.Lbu),
            Opcode.Lhu => Load(LoadStoreKind.Lhu),
            Opcode.Sb => Store(LoadStoreKind.Sb),
            Opcode.Sh => Store(LoadStoreKind.Sh),
            Opcode.Sw => Store(LoadStoreKind.Sw),
            Opcode.Addi => AluI(Air.AluOp.Add),
            Opcode.Slti => AluI(Air.AluOp.Slt),
            Opcode.Sltiu => AluI(Air.AluOp.Sltu),
            Opcode.Xori => AluI(Air.AluOp.Xor),
            Opcode.Ori => AluI(Air.AluOp.Or),
            Opcode.Andi => AluI(Air.AluOp.And),
            Opcode.Slli => AluI(Air.AluOp.Sll),
            Opcode.Srli => AluI(Air.AluOp.Srl),
            Opcode.Srai => AluI(Air.AluOp.Sra),
            Opcode.Add => AluR(Air.AluOp.Add),
            Opcode.Sub => AluR(Air.AluOp.Sub),
            Opcode.Sll => AluR(Air.AluOp.Sll),
            Opcode.Slt => AluR(Air.AluOp.Slt),
            Opcode.Sltu => AluR(Air.AluOp.Sltu),
            Opcode.Xor => AluR(Air.AluOp.Xor),
            Opcode.Srl => AluR(Air.AluOp.Srl),
            Opcode.Sra => AluR(Air.AluOp.Sra),
            Opcode.Or => AluR(Air.AluOp.Or),
            Opcode.And => AluR(Air.AluOp.And),
            Opcode.Mul => AluR(Air.AluOp.Mul),
            Opcode.Mulh => AluR(Air.AluOp.Mulh),
            Opcode.Mulhsu => AluR(Air.AluOp.Mulhsu),
            Opcode.Mulhu => AluR(Air.AluOp.Mulhu),
            Opcode.Div => AluR(Air.AluOp.Div),
            Opcode.Divu => AluR(Air.AluOp.Divu),
            Opcode.Rem => AluR(Air.AluOp.Rem),
            Opcode.Remu => AluR(Air.AluOp.Remu),
            Opcode.Fence => new(Bit(CpuFlag.Lui), 0, 0, 0, 0, 0, 0),
            // ECALL reads a7 (number) and a0, and writes a0 (the result; exit writes it unchanged).
            Opcode.Ecall => new(Bit(CpuFlag.Ecall) | Bit(CpuFlag.WritesRd), 10, 17, 10, 0, 0, 0),
            _ => default,
        };
    }
}
