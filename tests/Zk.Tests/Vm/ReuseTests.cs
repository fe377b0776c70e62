using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm;

/// <summary>An executor reused for many runs starts each run from the same initial memory, also when runs overlap.</summary>
public sealed class ReuseTests
{
    // data[0] += 1; stack[-4] += 1; input byte count read into .bss; exit(data[0] + stack[-4] + bytes read)
    private static readonly uint[] Program =
    [
        .. Li(T0, 0x20000),
        Lw(A0, T0, 0), Addi(A0, A0, 1), Sw(A0, T0, 0),
        Lw(A1, Sp, -4), Addi(A1, A1, 1), Sw(A1, Sp, -4),
        .. Li(A0, 0x20100), Addi(A1, 0, 16), .. Li(A7, Syscalls.ReadInput), Ecall, Addi(T2, A0, 0),
        Lw(A0, T0, 0), Lw(A1, Sp, -4), R(0, A1, A0, 0, A0, 0x33), R(0, T2, A0, 0, A0, 0x33),
        Lw(A1, T0, 0x100), R(0, A1, A0, 0, A0, 0x33),
        .. Exit,
    ];

    [Fact]
    public void RepeatedRunsSeeFreshMemory()
    {
        var executor = new Executor(ProgramImage.FromElf(Elf(Program, [41, 0, 0, 0], 0x200)));
        var first = executor.Run([1, 2, 3]);
        var second = executor.Run([]);
        var third = executor.Run([1, 2, 3]);
        Assert.Equal(42 + 1 + 3 + 0x030201, first.ExitCode);
        Assert.Equal(42 + 1, second.ExitCode);
        Assert.Equal(first.ExitCode, third.ExitCode);
        Assert.Equal(first.Cycles, third.Cycles);
    }

    [Fact]
    public void ConcurrentRunsDoNotInterfere()
    {
        var executor = new Executor(ProgramImage.FromElf(Elf(Program, [41, 0, 0, 0], 0x200)));
        var codes = new int[16];
        Parallel.For(0, codes.Length, i => codes[i] = executor.Run([(byte)i]).ExitCode);
        for (var i = 0; i < codes.Length; i++) Assert.Equal(42 + 1 + 1 + i, codes[i]);
    }

    [Fact]
    public void TrappedRunsDoNotLeakIntoTheNext()
    {
        // Empty input: write 7 to the stack and trap. Otherwise: exit with that stack word, which must be 0 again.
        uint[] code =
        [
            .. Li(A7, Syscalls.InputLength), Ecall,
            B(16, 0, A0, 1),                            // bne a0, x0, read
            Addi(A0, 0, 7), Sw(A0, Sp, -4), Ebreak,
            Lw(A0, Sp, -4), .. Exit,                    // read:
        ];
        var executor = new Executor(ProgramImage.FromElf(Elf(code)));
        Assert.Equal(TrapKind.Breakpoint, executor.Run([]).Trap!.Kind);
        var after = executor.Run([1]);
        Assert.True(after.Exited);
        Assert.Equal(0, after.ExitCode);
    }

    [Fact]
    public void PooledMemoryIsResetBetweenDifferentPrograms()
    {
        // A scribbles over its data, .bss and stack; B must still see its own data, zero .bss and a zero stack.
        uint[] a = [.. Li(T0, 0x20000), .. Li(T1, 0xdeadbeef), Sw(T1, T0, 0), Sw(T1, T0, 0x100), Sw(T1, Sp, -4), Addi(A0, 0, 0), .. Exit];
        uint[] b = [.. Li(T0, 0x20000), Lw(A0, T0, 0), Lw(A1, T0, 0x100), R(0, A1, A0, 0, A0, 0x33), Lw(A1, Sp, -4), R(0, A1, A0, 0, A0, 0x33), .. Exit];
        var ia = ProgramImage.FromElf(Elf(a, [1, 0, 0, 0], 0x200));
        var ib = ProgramImage.FromElf(Elf(b, [5, 0, 0, 0], 0x200));
        for (var round = 0; round < 4; round++)
        {
            Assert.Equal(0, new Executor(ia).Run([]).ExitCode);
            Assert.Equal(5, new Executor(ib).Run([]).ExitCode);
        }
    }

    [Fact]
    public void TwoProgramsRunSideBySideEachSeeTheirOwnFreshMemory()
    {
        // Runs of two images interleaved on several threads share the pool: each run must start from its own image.
        var ia = ProgramImage.FromElf(Elf(Program, [41, 0, 0, 0], 0x200));
        var ib = ProgramImage.FromElf(Elf(Program, [99, 0, 0, 0], 0x200));
        var codes = new int[64];
        Parallel.For(0, codes.Length, i => codes[i] = new Executor(i % 2 == 0 ? ia : ib).Run([(byte)i]).ExitCode);
        for (var i = 0; i < codes.Length; i++) Assert.Equal((i % 2 == 0 ? 42 : 100) + 1 + 1 + i, codes[i]);
    }
}
