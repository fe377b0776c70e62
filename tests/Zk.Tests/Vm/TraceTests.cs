using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm;

/// <summary>Trace recording: columns agree with execution, segments chain, boundary memory is complete.</summary>
public sealed class TraceTests
{
    // sum = 0; for i in 1..n: mem[0x20000] += i (load, add, store); exit(sum)
    private static readonly uint[] Loop =
    [
        .. Li(T0, 0x20000), Addi(T1, 0, 10),
        Lw(A0, T0, 0), R(0, T1, A0, 0, A0, 0x33), Sw(A0, T0, 0), Addi(T1, T1, -1), B(-16, 0, T1, 1),
        .. Exit,
    ];

    private static ExecutionResult Traced(int log2, byte[]? input = null, uint[]? code = null) =>
        Executor.Run(Elf(code ?? Loop, [], 16), input ?? [], new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = log2 });

    [Fact]
    public void TracingDoesNotChangeTheResult()
    {
        var plain = Executor.Run(Elf(Loop, [], 16), []);
        var traced = Traced(3);
        Assert.Equal(55, plain.ExitCode);
        Assert.Equal(plain.ExitCode, traced.ExitCode);
        Assert.Equal(plain.Cycles, traced.Cycles);
        Assert.Equal(plain.Registers, traced.Registers);
        Assert.Null(plain.Trace);
        Assert.Equal(traced.Cycles, traced.Trace!.Cycles);
    }

    [Fact]
    public void SegmentsHavePowerOfTwoSizeAndChain()
    {
        var t = Traced(3).Trace!;
        Assert.True(t.Segments.Count > 2);
        for (var i = 0; i < t.Segments.Count; i++)
        {
            var s = t.Segments[i];
            Assert.Equal(i, s.Index);
            if (i < t.Segments.Count - 1) Assert.Equal(8, s.Cycles);
            Assert.Equal(s.Cycles, s.Pc.Length);
            Assert.Equal(s.Pc[0], s.StartPc);
            if (i > 0)
            {
                var prev = t.Segments[i - 1];
                Assert.Equal(prev.StartCycle + prev.Cycles, s.StartCycle);
                Assert.Equal(prev.EndPc, s.StartPc);
                Assert.Equal(prev.EndRegisters, s.StartRegisters);
            }
            for (var row = 1; row < s.Cycles; row++)
                Assert.NotEqual(0u, s.Pc[row]);
        }
    }

    [Fact]
    public void ColumnsRecordOperandsResultsAndMemory()
    {
        var s = Traced(10).Trace!.Segments.Single();
        // Row 3 is the first lw: address 0x20000, value 0; row 4 adds t1 (10) into a0; row 5 stores 10.
        Assert.Equal(Lw(A0, T0, 0), s.Instruction[3]);
        Assert.Equal(0x20000u, s.MemAddress[3]);
        Assert.Equal(0x20000u, s.Rs1Value[3]);
        Assert.Equal(0u, s.RdValue[3]);
        Assert.Equal(10u, s.Rs2Value[4]);
        Assert.Equal(10u, s.RdValue[4]);
        Assert.Equal(0x20000u, s.MemAddress[5]);
        Assert.Equal(0u, s.MemBefore[5]);
        Assert.Equal(10u, s.MemAfter[5]);
        Assert.Equal(0u, s.MemAddress[6]);
        Assert.Equal([new MemoryWord(0x20000, 0)], s.MemoryIn);
        Assert.Equal([new MemoryWord(0x20000, 55)], s.MemoryOut);
    }

    [Fact]
    public void ReplayingRowsReproducesMemoryOut()
    {
        // Per segment: start from MemoryIn, apply each row's MemAfter; must equal MemoryOut and agree with MemBefore.
        foreach (var s in Traced(2).Trace!.Segments)
        {
            var mem = s.MemoryIn.ToDictionary(w => w.Address, w => w.Value);
            for (var row = 0; row < s.Cycles; row++)
            {
                if (s.MemAddress[row] == 0) continue;
                Assert.Equal(mem[s.MemAddress[row]], s.MemBefore[row]);
                mem[s.MemAddress[row]] = s.MemAfter[row];
            }
            Assert.Equal(s.MemoryOut, mem.Select(kv => new MemoryWord(kv.Key, kv.Value)).OrderBy(w => w.Address));
        }
    }

    [Fact]
    public void SyscallTrafficIsRecorded()
    {
        uint[] code = [.. Li(A0, 0x20000), Addi(A1, 0, 6), .. Li(A7, Syscalls.ReadInput), Ecall, Addi(A0, 0, 0), .. Exit];
        var s = Traced(10, [1, 2, 3, 4, 5, 6], code).Trace!.Segments.Single();
        var e = s.Syscalls[0];
        Assert.Equal(Syscalls.ReadInput, e.Number);
        Assert.Equal(6u, e.ResultA0);
        Assert.Equal([0x20000u, 0x20004u], s.SyscallAccesses.Select(a => a.Address));
        Assert.Equal(0x04030201u, s.SyscallAccesses[0].After);
        Assert.Equal(0x00000605u, s.SyscallAccesses[1].After);
        Assert.Contains(new MemoryWord(0x20004, 0x605), s.MemoryOut);
        Assert.Equal(Syscalls.Exit, s.Syscalls[^1].Number);
    }
}
