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
}
