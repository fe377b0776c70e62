using Wsc.Zk.Graph;
using Wsc.Zk.Tests.Graph;
using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;

namespace Wsc.Zk.Tests.Vm;

/// <summary>Recorded traces re-execute cleanly from their boundary state, and any tampered cell is caught.</summary>
public sealed class TraceCheckerTests
{
    private static (ProgramImage Image, ExecutionTrace Trace) Traced(string example, TickInput input, int log2)
    {
        var image = Wsc.Zk.Tests.Graph.Examples.Image(example, "2");
        var r = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = log2 }).Run(input.Encode());
        Assert.True(r.Exited, r.Trap?.Message);
        return (image, r.Trace!);
    }

    private static TickInput Erc20Input() => Wsc.Zk.Tests.Graph.Examples.Block(9,
        new TickLog(0, 0, Wsc.Zk.Tests.Graph.Examples.Hex("5FbDB2315678afecb367f032d93F642f64180aa3"),
            [ZkGraphManifest.Topic("Transfer(address,address,uint256)"), new byte[32], new byte[32]], Wsc.Zk.Tests.Graph.Examples.Word(12345)));

    [Fact]
    public void ExampleTracesCheckSegmentBySegment()
    {
        var (image, trace) = Traced("erc20-volume", Erc20Input(), 9);
        Assert.True(trace.Segments.Count > 3);
        Assert.Null(TraceChecker.CheckRun(image, trace));
        var (mlp, mlpTrace) = Traced("rt-check", Wsc.Zk.Tests.Graph.Examples.Block(1) with { Blobs = [new byte[] { 7, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0 }] }, 10);
        Assert.Null(TraceChecker.CheckRun(mlp, mlpTrace));
    }

    [Fact]
    public void HandWrittenProgramsCheck()
    {
        uint[] code =
        [
            .. Li(T0, 0x20000), .. Li(T1, 0x80000001),
            S(1, T1, T0, 0), S(2, T1, T0, 1), Sw(T1, T0, 4),
            I(1, T0, 0, A0, 0x03), I(2, T0, 1, A1, 0x03), I(3, T0, 4, A2, 0x03), I(6, T0, 5, 13, 0x03),
            R(1, T1, T1, 3, 14, 0x33), R(1, 0, T1, 4, 15, 0x33), R(1, T1, 0, 6, 16, 0x33),
            Jal(Ra, 8), Addi(A0, 0, 1), .. Li(A7, Syscalls.InputLength), Ecall, Addi(A0, 0, 0), .. Exit,
        ];
        var image = ProgramImage.FromElf(Elf(code, [], 16));
        var r = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = 2 }).Run([1, 2, 3]);
        Assert.Null(TraceChecker.CheckRun(image, r.Trace!));
    }

    public static TheoryData<string, string> Tampers => new()
    {
        { "rd", "RdValue" }, { "rs1", "Rs1Value" }, { "pc", "Pc column" }, { "insn", "Instruction column" },
        { "memafter", "memory columns" }, { "endregs", "EndRegisters" }, { "memout", "MemoryOut" }, { "memin", "MemoryIn" },
        { "syscall", "ECALL" }, { "keccak", "keccak256 digest" },
    };

    [Theory]
    [MemberData(nameof(Tampers))]
    public void TamperedTracesAreRejected(string what, string expected)
    {
        var (image, trace) = Traced("erc20-volume", Erc20Input(), 9);
        var seg = trace.Segments[1];
        int Row(Func<int, bool> p) => Enumerable.Range(0, seg.Cycles).First(p);
        switch (what)
        {
            case "rd": seg.RdValue[Row(i => seg.RdValue[i] != 0)] ^= 1; break;
            case "rs1": seg.Rs1Value[Row(i => seg.Rs1Value[i] != 0)] ^= 4; break;
            case "pc": seg.Pc[5] += 4; break;
            case "insn": seg.Instruction[5] ^= 1 << 20; break;
            case "memafter": seg.MemAfter[Row(i => seg.MemAddress[i] != 0)] ^= 1; break;
            case "endregs": seg.EndRegisters[10] ^= 1; break;
            case "memout": seg.MemoryOut[0] = seg.MemoryOut[0] with { Value = seg.MemoryOut[0].Value ^ 1 }; break;
            case "memin":
                var s2 = trace.Segments[2];
                s2.MemoryIn[0] = s2.MemoryIn[0] with { Value = s2.MemoryIn[0].Value ^ 1 };
                break;
            case "keccak":
                // The digest's last byte, written by the first keccak call, has one bit changed.
                var ks = trace.Segments.First(s => s.Syscalls.Any(e => e.Number == Syscalls.Keccak256));
                var call = ks.Syscalls.First(e => e.Number == Syscalls.Keccak256);
                uint last = (call.A2 + 31) & ~3u;
                int at = Array.FindLastIndex(ks.SyscallAccesses, x => x.Cycle == call.Cycle && x.Address == last);
                ks.SyscallAccesses[at] = ks.SyscallAccesses[at] with { After = ks.SyscallAccesses[at].After ^ (1u << (int)(8 * ((call.A2 + 31) & 3))) };
                break;
            case "syscall":
                var first = trace.Segments[0];
                first.Syscalls[0] = first.Syscalls[0] with { Cycle = first.Syscalls[0].Cycle + 1 };
                break;
        }
        var problem = TraceChecker.CheckRun(image, trace);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
    }
}
