using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Random RV32IM programs: registers x5..x15 seeded with random words, then a counted loop around a random block of
/// ALU, M, load/store (on a data area at 0x20000 held in x28), LUI/AUIPC and short forward branches and jumps.
/// </summary>
internal static class RandomPrograms
{
    private static readonly Func<int, int, int, uint>[] RegOps =
        [Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And, Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu];

    private static readonly Func<int, int, int, uint>[] ImmOps = [Addi, Slti, Sltiu, Xori, Ori, Andi];

    private static readonly Func<int, int, int, uint>[] Shifts = [Slli, Srli, Srai];

    private static readonly Func<int, int, int, uint>[] Branches = [Beq, Bne, Blt, Bge, Bltu, Bgeu];

    public static uint[] Generate(int seed, int blockLength, int iterations)
    {
        var rnd = new Random(seed);
        int Reg() => rnd.Next(5, 16);
        int Dest() => rnd.Next(8) == 0 ? 0 : Reg();
        uint Word() => rnd.Next(4) switch { 0 => 0, 1 => uint.MaxValue, 2 => 0x8000_0000, _ => (uint)rnd.NextInt64(0, 1L << 32) };
        var code = new List<uint>();
        for (int r = 5; r < 16; r++) code.AddRange(Li(r, Word()));
        code.AddRange(Li(28, 0x20000));
        code.AddRange(Li(29, (uint)iterations));
        int loopStart = code.Count;
        for (int i = 0; i < blockLength; i++)
        {
            switch (rnd.Next(10))
            {
                case 0 or 1 or 2: code.Add(RegOps[rnd.Next(RegOps.Length)](Dest(), Reg(), Reg())); break;
                case 3: code.Add(ImmOps[rnd.Next(ImmOps.Length)](Dest(), Reg(), rnd.Next(-2048, 2048))); break;
                case 4: code.Add(Shifts[rnd.Next(Shifts.Length)](Dest(), Reg(), rnd.Next(32))); break;
                case 5:
                {
                    int width = rnd.Next(3), offset = rnd.Next(16) * 4 + (width == 0 ? rnd.Next(4) : width == 1 ? 2 * rnd.Next(2) : 0);
                    code.Add(width switch { 0 => Sb(Reg(), 28, offset), 1 => Sh(Reg(), 28, offset), _ => Sw(Reg(), 28, offset) });
                    break;
                }
                case 6:
                {
                    int kind = rnd.Next(5), offset = rnd.Next(16) * 4 + (kind is 0 or 3 ? rnd.Next(4) : kind is 1 or 4 ? 2 * rnd.Next(2) : 0);
                    code.Add(kind switch { 0 => Lb(Dest(), 28, offset), 1 => Lh(Dest(), 28, offset), 2 => Lw(Dest(), 28, offset), 3 => Lbu(Dest(), 28, offset), _ => Lhu(Dest(), 28, offset) });
                    break;
                }
                case 7: code.Add(rnd.Next(2) == 0 ? Lui(Dest(), (uint)rnd.Next(1 << 20)) : Auipc(Dest(), (uint)rnd.Next(1 << 20))); break;
                case 8: code.Add(Branches[rnd.Next(Branches.Length)](Reg(), Reg(), 8)); break;
                default: code.Add(Jal(rnd.Next(2) == 0 ? 0 : Reg(), 8)); break;
            }
        }
        // The last block instruction may skip one ahead: give it a harmless target.
        code.Add(Addi(0, 0, 0));
        code.Add(Addi(29, 29, -1));
        code.Add(Bne(29, 0, (loopStart - code.Count) * 4));
        code.Add(Xor(A0, 5, 6));
        code.AddRange(Exit);
        return [.. code];
    }

    /// <summary>
    /// A whole guest for the end-to-end property: every register but sp, x28 (the data base) and x29-x31 (loop counters
    /// and a scratch) seeded with edge and random words; then blocks of straight-line code (every RV32IM ALU and M op,
    /// division by zero and the signed overflow forced now and then, loads and stores of each width to a 256-byte stack
    /// frame and a 256-byte data area at fixed and at computed addresses, LUI/AUIPC, FENCE, forward skips by every
    /// branch, JAL and JALR, input reads and input length, output writes, keccak-256 calls) and loops with bounded trip counts closed by
    /// every branch kind, nested two deep; then the state written out and an exit with a code computed from registers.
    /// </summary>
    public static RandomProgram Guest(int seed, int blocks = 6)
    {
        var rnd = new Random(seed);
        var code = new List<uint>();
        const int DataBase = 28, Outer = 29, Inner = 30, Scratch = 31, Frame = 256;
        int[] pool = [1, 3, 4, .. Enumerable.Range(5, 23)];
        int Reg() => pool[rnd.Next(pool.Length)];
        int Src() => rnd.Next(16) switch { 0 => 0, 1 => Outer, _ => Reg() };
        int Dest() => rnd.Next(12) == 0 ? 0 : Reg();
        uint Word() => rnd.Next(8) switch
        {
            0 => 0, 1 => uint.MaxValue, 2 => 0x8000_0000, 3 => 0x7fff_ffff, 4 => 1, 5 => (uint)rnd.Next(-64, 64),
            _ => (uint)rnd.NextInt64(0, 1L << 32),
        };
        int Imm() => rnd.Next(6) switch { 0 => -1, 1 => -2048, 2 => 2047, 3 => 0, _ => rnd.Next(-2048, 2048) };
        (int Base, int Offset) Slot(int align) => (rnd.Next(2) == 0 ? Sp : DataBase, rnd.Next(Frame / align) * align);

        void Simple()
        {
            switch (rnd.Next(5))
            {
                case 0 or 1: code.Add(RegOps[rnd.Next(RegOps.Length)](Dest(), Src(), Src())); break;
                case 2: code.Add(ImmOps[rnd.Next(ImmOps.Length)](Dest(), Src(), Imm())); break;
                case 3: code.Add(Shifts[rnd.Next(Shifts.Length)](Dest(), Src(), rnd.Next(32))); break;
                default: code.Add(rnd.Next(2) == 0 ? Lui(Dest(), (uint)rnd.Next(1 << 20)) : Auipc(Dest(), (uint)rnd.Next(1 << 20))); break;
            }
        }

        void Syscall(uint number, int a0Base, int a0Offset, int length)
        {
            code.Add(Addi(A0, a0Base, a0Offset));
            code.Add(Addi(A1, 0, length));
            code.Add(Addi(A7, 0, (int)number));
            code.Add(Ecall);
        }

        void Instruction()
        {
            switch (rnd.Next(20))
            {
                case < 6: Simple(); break;
                case 6:
                {
                    // The M extension's edge cases: division by zero, and the signed overflow -2^31 / -1.
                    int a = Reg(), b = Reg();
                    while (b == a) b = Reg();
                    bool overflow = rnd.Next(2) == 0;
                    if (overflow) code.AddRange(Li(a, 0x8000_0000));
                    code.Add(Addi(b, 0, overflow ? -1 : 0));
                    Func<int, int, int, uint>[] m = [Div, Divu, Rem, Remu, Mulh, Mulhsu, Mulhu, Mul];
                    code.Add(m[rnd.Next(m.Length)](Dest(), a, b));
                    break;
                }
                case 7 or 8:
                {
                    int width = rnd.Next(3), align = 1 << width;
                    var (b, off) = Slot(align);
                    code.Add(width switch { 0 => Sb(Src(), b, off), 1 => Sh(Src(), b, off), _ => Sw(Src(), b, off) });
                    break;
                }
                case 9 or 10:
                {
                    int kind = rnd.Next(5), align = kind switch { 0 or 3 => 1, 1 or 4 => 2, _ => 4 };
                    var (b, off) = Slot(align);
                    code.Add(kind switch { 0 => Lb(Dest(), b, off), 1 => Lh(Dest(), b, off), 2 => Lw(Dest(), b, off), 3 => Lbu(Dest(), b, off), _ => Lhu(Dest(), b, off) });
                    break;
                }
                case 11:
                {
                    // A data-dependent address: a register masked to an aligned offset in the frame or the data area.
                    int width = rnd.Next(3), mask = (Frame - 1) & ~((1 << width) - 1);
                    code.Add(Andi(Scratch, Src(), mask));
                    code.Add(Add(Scratch, Scratch, rnd.Next(2) == 0 ? Sp : DataBase));
                    if (rnd.Next(2) == 0) code.Add(width switch { 0 => Sb(Src(), Scratch, 0), 1 => Sh(Src(), Scratch, 0), _ => Sw(Src(), Scratch, 0) });
                    else code.Add(width switch { 0 => Lbu(Dest(), Scratch, 0), 1 => Lh(Dest(), Scratch, 0), _ => Lw(Dest(), Scratch, 0) });
                    break;
                }
                case 12:
                {
                    // A forward skip over 1-3 simple instructions by a branch, JAL or JALR.
                    int k = rnd.Next(1, 4), how = rnd.Next(8);
                    if (how < 6) code.Add(Branches[how](Src(), Src(), 4 * (k + 1)));
                    else if (how == 6) code.Add(Jal(Dest(), 4 * (k + 1)));
                    else
                    {
                        code.Add(Auipc(Scratch, 0));
                        code.Add(Jalr(Dest(), Scratch, 4 * (k + 2) + (rnd.Next(2) == 0 ? 1 : 0))); // JALR clears bit 0
                    }
                    for (int i = 0; i < k; i++) Simple();
                    break;
                }
                case 13:
                {
                    var (b, off) = Slot(1);
                    int length = rnd.Next(0, 17);
                    Syscall(Syscalls.ReadInput, b, Math.Min(off, Frame - length), length);
                    break;
                }
                case 14:
                {
                    var (b, off) = Slot(1);
                    int length = rnd.Next(0, 17);
                    Syscall(Syscalls.WriteOutput, b, Math.Min(off, Frame - length), length);
                    break;
                }
                case 15: code.Add(Addi(A7, 0, (int)Syscalls.InputLength)); code.Add(Ecall); break;
                case 16 when rnd.Next(3) == 0:
                {
                    // The keccak precompile: up to 200 bytes (two rate blocks) hashed, the digest written to the frame or the data area.
                    var (b, off) = Slot(1);
                    int length = rnd.Next(0, 201), at = Math.Min(off, Frame - length);
                    var (d, dOff) = Slot(1);
                    code.Add(Addi(A2, d, Math.Min(dOff, Frame - 32)));
                    Syscall(Syscalls.Keccak256, b, at, length);
                    break;
                }
                case 16: code.Add(Fence); break;
                default: code.Add(RegOps[rnd.Next(10, RegOps.Length)](Dest(), Src(), Src())); break; // the M extension again
            }
        }

        void Loop(int counter, int trips, Action body)
        {
            int variant = rnd.Next(6);
            code.Add(Addi(counter, 0, variant switch { 1 or 2 => 0, 3 => trips - 1, _ => trips }));
            int start = code.Count;
            body();
            int Back() => (start - code.Count) * 4;
            switch (variant)
            {
                case 0: code.Add(Addi(counter, counter, -1)); code.Add(Bne(counter, 0, Back())); break;
                case 1: code.Add(Addi(counter, counter, 1)); code.Add(Addi(Scratch, 0, trips)); code.Add(Blt(counter, Scratch, Back())); break;
                case 2: code.Add(Addi(counter, counter, 1)); code.Add(Addi(Scratch, 0, trips)); code.Add(Bltu(counter, Scratch, Back())); break;
                case 3: code.Add(Addi(counter, counter, -1)); code.Add(Bge(counter, 0, Back())); break;
                case 4: code.Add(Addi(counter, counter, -1)); code.Add(Addi(Scratch, 0, 1)); code.Add(Bgeu(counter, Scratch, Back())); break;
                default: code.Add(Addi(counter, counter, -1)); code.Add(Beq(counter, 0, 8)); code.Add(Jal(0, Back())); break;
            }
        }

        void Straight(int n)
        {
            for (int i = 0; i < n; i++) Instruction();
        }

        foreach (int r in pool)
            if (rnd.Next(3) > 0) code.AddRange(Li(r, Word()));
        code.AddRange(Li(DataBase, 0x20000));
        code.Add(Addi(Sp, Sp, -Frame));
        for (int b = 0; b < blocks; b++)
        {
            switch (rnd.Next(4))
            {
                case 0: Straight(rnd.Next(6, 20)); break;
                case 1 or 2: Loop(Outer, rnd.Next(1, 13), () => Straight(rnd.Next(3, 10))); break;
                default:
                    Loop(Outer, rnd.Next(1, 5), () =>
                    {
                        Straight(rnd.Next(0, 4));
                        Loop(Inner, rnd.Next(1, 7), () => Straight(rnd.Next(2, 7)));
                        Straight(rnd.Next(0, 3));
                    });
                    break;
            }
        }
        // Every guest ends with each division by zero and the signed overflow (the random blocks have them only now and then).
        int dividend = Reg(), zero = Reg(), minusOne = Reg();
        while (zero == dividend) zero = Reg();
        while (minusOne == dividend || minusOne == zero) minusOne = Reg();
        code.Add(Addi(zero, 0, 0));
        foreach (var op in (Func<int, int, int, uint>[])[Div, Divu, Rem, Remu]) code.Add(op(Reg(), dividend, zero));
        code.AddRange(Li(dividend, 0x8000_0000));
        code.Add(Addi(minusOne, 0, -1));
        code.Add(Div(Reg(), dividend, minusOne));
        code.Add(Rem(Reg(), dividend, minusOne));
        // The final state reaches the output and the exit code, so a wrong value anywhere upstream shows.
        for (int i = 0; i < 4; i++) code.Add(Sw(Reg(), Sp, 4 * i));
        Syscall(Syscalls.WriteOutput, Sp, 0, 16);
        code.Add(Xor(A0, Reg(), Reg()));
        code.Add(Add(A0, A0, Reg()));
        code.Add(Sub(A0, A0, Reg()));
        code.Add(Or(A0, A0, Reg()));
        code.AddRange(Exit);

        var data = new byte[128];
        rnd.NextBytes(data);
        var input = new byte[rnd.Next(0, 49)];
        rnd.NextBytes(input);
        return new RandomProgram(seed, [.. code], data, 256, input);
    }
}
