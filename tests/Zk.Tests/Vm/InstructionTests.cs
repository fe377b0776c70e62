using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm;

/// <summary>Every RV32IM instruction with the edge cases the RISC-V unprivileged spec calls out.</summary>
public sealed class InstructionTests
{
    private static uint RegOp(uint f7, uint f3, uint a, uint b)
    {
        var r = Run([.. Li(T0, a), .. Li(T1, b), R(f7, T1, T0, f3, A0, 0x33), Addi(A1, A0, 0)]);
        Assert.True(r.Exited, r.Trap?.Message);
        return r.Registers[A1];
    }

    [Theory]
    [InlineData("add", 0u, 0u, 0x7fffffffu, 1u, 0x80000000u)]
    [InlineData("add", 0u, 0u, 0xffffffffu, 1u, 0u)]
    [InlineData("sub", 0x20u, 0u, 0u, 1u, 0xffffffffu)]
    [InlineData("sub", 0x20u, 0u, 0x80000000u, 1u, 0x7fffffffu)]
    [InlineData("sll", 0u, 1u, 1u, 31u, 0x80000000u)]
    [InlineData("sll uses low 5 bits", 0u, 1u, 1u, 33u, 2u)]
    [InlineData("slt", 0u, 2u, 0xffffffffu, 1u, 1u)]
    [InlineData("slt equal", 0u, 2u, 5u, 5u, 0u)]
    [InlineData("sltu", 0u, 3u, 0xffffffffu, 1u, 0u)]
    [InlineData("sltu zero", 0u, 3u, 0u, 1u, 1u)]
    [InlineData("xor", 0u, 4u, 0xff00ff00u, 0x0ff00ff0u, 0xf0f0f0f0u)]
    [InlineData("srl", 0u, 5u, 0x80000000u, 31u, 1u)]
    [InlineData("srl low 5 bits", 0u, 5u, 0x80000000u, 0xffffffe1u, 0x40000000u)]
    [InlineData("sra", 0x20u, 5u, 0x80000000u, 31u, 0xffffffffu)]
    [InlineData("sra positive", 0x20u, 5u, 0x40000000u, 30u, 1u)]
    [InlineData("or", 0u, 6u, 0xf0f00000u, 0x0000f0f0u, 0xf0f0f0f0u)]
    [InlineData("and", 0u, 7u, 0xf0f0f0f0u, 0xff00ff00u, 0xf000f000u)]
    [InlineData("mul wraps", 1u, 0u, 0xffffffffu, 0xffffffffu, 1u)]
    [InlineData("mul", 1u, 0u, 0x12345678u, 0x10u, 0x23456780u)]
    [InlineData("mulh -1*-1", 1u, 1u, 0xffffffffu, 0xffffffffu, 0u)]
    [InlineData("mulh min*min", 1u, 1u, 0x80000000u, 0x80000000u, 0x40000000u)]
    [InlineData("mulh -1*1", 1u, 1u, 0xffffffffu, 1u, 0xffffffffu)]
    [InlineData("mulhsu -1*max", 1u, 2u, 0xffffffffu, 0xffffffffu, 0xffffffffu)]
    [InlineData("mulhsu min*max", 1u, 2u, 0x80000000u, 0xffffffffu, 0x80000000u)]
    [InlineData("mulhu max*max", 1u, 3u, 0xffffffffu, 0xffffffffu, 0xfffffffeu)]
    [InlineData("div truncates", 1u, 4u, 0xfffffff9u, 2u, 0xfffffffdu)]
    [InlineData("div by zero", 1u, 4u, 7u, 0u, 0xffffffffu)]
    [InlineData("div overflow", 1u, 4u, 0x80000000u, 0xffffffffu, 0x80000000u)]
    [InlineData("divu", 1u, 5u, 0xfffffff9u, 2u, 0x7ffffffcu)]
    [InlineData("divu by zero", 1u, 5u, 7u, 0u, 0xffffffffu)]
    [InlineData("rem sign of dividend", 1u, 6u, 0xfffffff9u, 2u, 0xffffffffu)]
    [InlineData("rem by zero", 1u, 6u, 0xfffffff9u, 0u, 0xfffffff9u)]
    [InlineData("rem overflow", 1u, 6u, 0x80000000u, 0xffffffffu, 0u)]
    [InlineData("remu", 1u, 7u, 0xfffffff9u, 2u, 1u)]
    [InlineData("remu by zero", 1u, 7u, 123u, 0u, 123u)]
    public void RegisterRegisterOps(string name, uint f7, uint f3, uint a, uint b, uint expected)
    {
        Assert.True(expected == RegOp(f7, f3, a, b), name);
    }

    [Theory]
    [InlineData("addi negative", 0u, 5u, -7, 0xfffffffeu)]
    [InlineData("slti", 2u, 0xfffffff0u, -1, 1u)]
    [InlineData("slti false", 2u, 0u, -1, 0u)]
    [InlineData("sltiu -1 is max", 3u, 5u, -1, 1u)]
    [InlineData("sltiu seqz", 3u, 0u, 1, 1u)]
    [InlineData("xori not", 4u, 0x0f0f0f0fu, -1, 0xf0f0f0f0u)]
    [InlineData("ori", 6u, 0x100u, 0x0ff, 0x1ffu)]
    [InlineData("andi sign-extends", 7u, 0x12345678u, -16, 0x12345670u)]
    public void RegisterImmediateOps(string name, uint f3, uint a, int imm, uint expected)
    {
        var r = Run([.. Li(T0, a), I(imm, T0, f3, A0, 0x13)]);
        Assert.True(expected == r.Registers[A0], name);
    }

    [Theory]
    [InlineData(1u, 0u, 0x80000001u, 31u, 0x80000000u)]
    [InlineData(5u, 0u, 0x80000000u, 31u, 1u)]
    [InlineData(5u, 0x20u, 0x80000000u, 4u, 0xf8000000u)]
    [InlineData(1u, 0u, 0x1u, 0u, 1u)]
    public void ShiftImmediates(uint f3, uint f7, uint a, uint shamt, uint expected)
    {
        var r = Run([.. Li(T0, a), I((int)((f7 << 5) | shamt), T0, f3, A0, 0x13)]);
        Assert.Equal(expected, r.Registers[A0]);
    }

    [Fact]
    public void ShiftImmediateWithBit25SetIsIllegal()
    {
        var r = Run(I(0x20, T0, 1, A0, 0x13)); // slli shamt 32: reserved on RV32
        Assert.Equal(TrapKind.IllegalInstruction, r.Trap!.Kind);
    }

    [Fact]
    public void LuiAndAuipc()
    {
        var r = Run(Lui(A0, 0xfffff), Auipc(A1, 0x1));
        Assert.Equal(0xfffff000u, r.Registers[A0]);
        Assert.Equal(0x10004u + 0x1000u, r.Registers[A1]);
    }

    [Fact]
    public void WritesToX0AreDiscarded()
    {
        var r = Run(Addi(0, 0, 5), Lui(0, 7), Addi(A0, 0, 0));
        Assert.Equal(0u, r.Registers[0]);
        Assert.Equal(0u, r.Registers[A0]);
    }

    [Fact]
    public void LoadsSignAndZeroExtend()
    {
        var data = new byte[] { 0x80, 0xff, 0x7f, 0x01 };
        uint[] code =
        [
            .. Li(T0, 0x20000),
            I(0, T0, 0, A0, 0x03),       // lb  0x80 -> 0xffffff80
            I(0, T0, 4, A1, 0x03),       // lbu -> 0x80
            I(0, T0, 1, A2, 0x03),       // lh  0xff80 -> 0xffffff80
            I(0, T0, 5, 13, 0x03),       // lhu -> 0xff80
            I(2, T0, 1, 14, 0x03),       // lh 0x017f
            Lw(15, T0, 0),               // lw
            .. Exit,
        ];
        var r = Executor.Run(Elf(code, data), []);
        Assert.True(r.Exited, r.Trap?.Message);
        Assert.Equal(0xffffff80u, r.Registers[A0]);
        Assert.Equal(0x80u, r.Registers[A1]);
        Assert.Equal(0xffffff80u, r.Registers[A2]);
        Assert.Equal(0xff80u, r.Registers[13]);
        Assert.Equal(0x017fu, r.Registers[14]);
        Assert.Equal(0x017fff80u, r.Registers[15]);
    }

    [Fact]
    public void StoresWriteOnlyTheirBytes()
    {
        uint[] code =
        [
            .. Li(T0, 0x20000), .. Li(T1, 0xaabbccdd),
            Sw(T1, T0, 4),
            S(4, 0, T0, 0),             // sb x0 -> 0x20004 low byte 0
            S(6, T0, T0, 1),            // sh 0x0000 (low half of 0x20000) at 0x20006
            Lw(A0, T0, 4),
            S(-4, T1, Sp, 2), Lw(A1, Sp, -4), // the stack is writable
            .. Exit,
        ];
        var r = Executor.Run(Elf(code, [], 16), []);
        Assert.True(r.Exited, r.Trap?.Message);
        Assert.Equal(0x0000cc00u, r.Registers[A0]);
        Assert.Equal(0xaabbccddu, r.Registers[A1]);
    }

    [Theory]
    [InlineData(0u, 5u, 5u, true)]   // beq
    [InlineData(0u, 5u, 6u, false)]
    [InlineData(1u, 5u, 6u, true)]   // bne
    [InlineData(4u, 0xffffffffu, 0u, true)]  // blt signed -1 < 0
    [InlineData(4u, 0u, 0xffffffffu, false)]
    [InlineData(5u, 0u, 0xffffffffu, true)]  // bge
    [InlineData(5u, 3u, 3u, true)]
    [InlineData(6u, 0u, 0xffffffffu, true)]  // bltu
    [InlineData(6u, 0xffffffffu, 0u, false)]
    [InlineData(7u, 0xffffffffu, 0u, true)]  // bgeu
    [InlineData(7u, 0u, 1u, false)]
    public void Branches(uint f3, uint a, uint b, bool taken)
    {
        // a0 = 1; branch over "a0 = 2" when taken.
        var r = Run([.. Li(T0, a), .. Li(T1, b), Addi(A0, 0, 1), B(8, T1, T0, f3), Addi(A0, 0, 2)]);
        Assert.Equal(taken ? 1u : 2u, r.Registers[A0]);
    }

    [Fact]
    public void BackwardBranchLoops()
    {
        // t0 = 10; loop: a0 += 3; t0 -= 1; bne t0, x0, loop
        var r = Run(Addi(T0, 0, 10), Addi(A0, A0, 3), Addi(T0, T0, -1), B(-8, 0, T0, 1));
        Assert.Equal(30u, r.Registers[A0]);
        Assert.Equal(1 + 3 * 10 + 2, r.Cycles);
    }

    [Fact]
    public void JalLinksAndJumps()
    {
        var r = Run(Jal(Ra, 8), Addi(A0, 0, 9), Addi(A1, 0, 4));
        Assert.Equal(0x10004u, r.Registers[Ra]);
        Assert.Equal(0u, r.Registers[A0]);
        Assert.Equal(4u, r.Registers[A1]);
    }

    [Fact]
    public void JalrClearsBitZeroAndLinks()
    {
        // t0 = 0x10011 (odd); jalr ra, t0, 0 -> 0x10010, skipping "a0 = 9".
        var r = Run([.. Li(T0, 0x10011), Jalr(Ra, T0, 0), Addi(A0, 0, 9), Addi(A1, 0, 4)]);
        Assert.Equal(0x1000cu, r.Registers[Ra]);
        Assert.Equal(0u, r.Registers[A0]);
        Assert.Equal(4u, r.Registers[A1]);
    }

    [Fact]
    public void JalrRdEqualsRs1UsesOldValue()
    {
        var r = Run([.. Li(T0, 0x10010), Jalr(T0, T0, 0), Addi(A0, 0, 9), Addi(A1, 0, 4)]);
        Assert.Equal(0x1000cu, r.Registers[T0]);
        Assert.Equal(0u, r.Registers[A0]);
    }

    [Fact]
    public void FenceIsANoOp()
    {
        var r = Run(Addi(A0, 0, 3), 0x0ff0000f, 0x8330000f /* fence.tso */, Addi(A0, A0, 1));
        Assert.True(r.Exited);
        Assert.Equal(4u, r.Registers[A0]);
    }

    [Fact]
    public void ExitUsesLinuxConvention()
    {
        var r = Run(Addi(A0, 0, 42));
        Assert.True(r.Exited);
        Assert.Equal(42, r.ExitCode);
        Assert.Equal(3, r.Cycles);
        var g = Executor.Run(Elf([Addi(A0, 0, -1), Addi(A7, 0, 94), Ecall]), []);
        Assert.Equal(-1, g.ExitCode);
    }

    [Fact]
    public void StackPointerStartsAtMemoryTop()
    {
        var r = Run(Addi(A0, Sp, 0));
        Assert.Equal(VmLayout.DefaultMemoryTop, r.Registers[A0]);
    }
}
