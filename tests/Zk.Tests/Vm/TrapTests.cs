using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm;

/// <summary>Traps are deterministic, name the pc and the cause, and stop the machine.</summary>
public sealed class TrapTests
{
    [Theory]
    [InlineData(0xffffffffu, "opcode 0x7f")]
    [InlineData(0x30001073u, "CSR")]              // csrrw x0, mstatus, x0
    [InlineData(0x30200073u, "privileged")]       // mret
    [InlineData(0x0000100fu, "FENCE.I")]
    [InlineData(0x00000001u, "compressed")]
    [InlineData(0x00003003u, "load funct3 3")]    // ld (RV64)
    [InlineData(0x02000033u, "")]                 // mul: legal, control
    public void IllegalInstructionsTrapWithWordAndPc(uint word, string why)
    {
        var r = Run(Addi(A0, 0, 1), word);
        if (word == 0x02000033u)
        {
            Assert.True(r.Exited);
            return;
        }
        Assert.NotNull(r.Trap);
        Assert.Equal(TrapKind.IllegalInstruction, r.Trap!.Kind);
        Assert.Equal(0x10004u, r.Trap.Pc);
        Assert.Equal(1, r.Trap.Cycle);
        Assert.Contains($"0x{word:x8}", r.Trap.Message);
        Assert.Contains("pc 0x00010004", r.Trap.Message);
        Assert.Contains(why, r.Trap.Message);
    }

    [Fact]
    public void EbreakTraps()
    {
        var r = Run(Ebreak);
        Assert.Equal(TrapKind.Breakpoint, r.Trap!.Kind);
        Assert.Contains("EBREAK", r.Trap.Message);
    }

    [Fact]
    public void MisalignedAccessesTrap()
    {
        var lw = Run([.. Li(T0, 0x20001), Lw(A0, T0, 0)]);
        Assert.Equal(TrapKind.LoadMisaligned, lw.Trap!.Kind);
        Assert.Contains("0x00020001", lw.Trap.Message);
        var sh = Run([.. Li(T0, 0x20001), S(0, 0, T0, 1)]);
        Assert.Equal(TrapKind.StoreMisaligned, sh.Trap!.Kind);
        var lh = Run([.. Li(T0, 0x20003), I(0, T0, 1, A0, 0x03)]);
        Assert.Equal(TrapKind.LoadMisaligned, lh.Trap!.Kind);
    }

    [Fact]
    public void NullAndOutOfRangeAccessesTrap()
    {
        var nul = Run(Lw(A0, 0, 0));
        Assert.Equal(TrapKind.LoadAccessFault, nul.Trap!.Kind);
        Assert.Contains("0x00000000", nul.Trap.Message);
        var top = Run(Lw(A0, Sp, 0)); // sp = memory top: one past the stack
        Assert.Equal(TrapKind.LoadAccessFault, top.Trap!.Kind);
        var guard = Run([.. Li(T0, VmLayout.Default.HeapEnd), Sw(0, T0, 0)]);
        Assert.Equal(TrapKind.StoreAccessFault, guard.Trap!.Kind);
    }

    [Fact]
    public void TextIsNotWritable()
    {
        var r = Run([.. Li(T0, 0x10000), Sw(0, T0, 0)]);
        Assert.Equal(TrapKind.StoreAccessFault, r.Trap!.Kind);
        Assert.Contains("read-only", r.Trap.Message);
    }

    [Fact]
    public void TextIsReadable()
    {
        var r = Run([.. Li(T0, 0x10000), Lw(A0, T0, 0)]);
        Assert.True(r.Exited);
        Assert.Equal(Lui(T0, 0x10), r.Registers[A0]);
    }

    [Fact]
    public void ExecutionOutsideTextTraps()
    {
        var r = Run([.. Li(T0, 0x20000), Jalr(0, T0, 0)]);
        Assert.Equal(TrapKind.PcOutOfText, r.Trap!.Kind);
        Assert.Contains("0x00020000", r.Trap.Message);
    }

    [Fact]
    public void MisalignedJumpTargetsTrap()
    {
        var jalr = Run([.. Li(T0, 0x10002), Jalr(0, T0, 0)]);
        Assert.Equal(TrapKind.InstructionMisaligned, jalr.Trap!.Kind);
        var branch = Run(B(6, 0, 0, 0), Addi(A0, 0, 1)); // beq x0, x0, +6
        Assert.Equal(TrapKind.InstructionMisaligned, branch.Trap!.Kind);
        var notTaken = Run(Addi(T0, 0, 1), B(6, 0, T0, 0)); // not taken: no trap
        Assert.True(notTaken.Exited);
    }

    [Fact]
    public void CycleLimitTrapsDeterministically()
    {
        var options = new ExecutionOptions { MaxCycles = 1000 };
        var a = Run(options, Addi(A0, A0, 1), Jal(0, -4));
        var b = Run(options, Addi(A0, A0, 1), Jal(0, -4));
        Assert.Equal(TrapKind.CycleLimit, a.Trap!.Kind);
        Assert.Equal(1000, a.Cycles);
        Assert.Equal(a.Trap, b.Trap);
        Assert.Equal(500u, a.Registers[A0]);
    }

    [Fact]
    public void TrapsAreIdenticalAcrossRuns()
    {
        uint[] prog = [.. Li(T0, 0x10000), Addi(A0, 0, 5), Sw(A0, T0, 8)];
        var a = Run(prog);
        var b = Run(prog);
        Assert.Equal(a.Trap, b.Trap);
        Assert.Equal(a.Cycles, b.Cycles);
        Assert.Equal(a.Registers, b.Registers);
    }

    [Fact]
    public void UnknownSyscallTraps()
    {
        var r = Run(Addi(A7, 0, 999), Ecall);
        Assert.Equal(TrapKind.BadSyscall, r.Trap!.Kind);
        Assert.Contains("a7 = 999", r.Trap.Message);
    }

    [Fact]
    public void SyscallBuffersAreChecked()
    {
        // read_input into the text segment
        var r = Run([.. Li(A0, 0x10000), Addi(A1, 0, 4), .. Li(A7, Syscalls.ReadInput), Ecall]);
        Assert.Equal(TrapKind.BadSyscall, r.Trap!.Kind);
        Assert.Contains("not writable", r.Trap.Message);
    }
}
