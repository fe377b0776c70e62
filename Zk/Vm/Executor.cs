using System.Runtime.CompilerServices;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace Wsc.Zk.Vm;

/// <summary>
/// Runs a <see cref="ProgramImage"/> on an input: RV32IM over pre-decoded instructions, one instruction per cycle,
/// with the ECALL ABI of <see cref="Syscalls"/>. Deterministic: the same image and input give the same result.
/// </summary>
public sealed class Executor
{
    private readonly ProgramImage image;
    private readonly ExecutionOptions options;
    private readonly DecodedInstruction[] code;

    /// <summary>Prepares an executor; the image can be shared by many executors and runs.</summary>
    public Executor(ProgramImage image, ExecutionOptions? options = null)
    {
        this.image = image;
        this.options = options ?? ExecutionOptions.Default;
        // Writes to x0 go to a 33rd scratch register so the hot loop never tests rd == 0.
        code = new DecodedInstruction[image.Instructions.Length];
        for (var i = 0; i < code.Length; i++)
        {
            var d = image.Instructions[i];
            code[i] = d.Rd == 0 ? d with { Rd = 32 } : d;
        }
    }

    /// <summary>Convenience: load an ELF and run it once.</summary>
    public static ExecutionResult Run(ReadOnlySpan<byte> elf, ReadOnlySpan<byte> input, ExecutionOptions? options = null)
        => new Executor(ProgramImage.FromElf(elf), options).Run(input);

    /// <summary>Runs the program from its entry on <paramref name="input"/> until exit, trap or the cycle limit.</summary>
    /// <remarks>
    /// The run path is compiled fully optimized at once (<see cref="MethodImplOptions.AggressiveOptimization"/>): under tiered
    /// compilation a silo that starts and catches up was measured running the interpreter loop at its instrumented tier
    /// (≈ 4-7x slower per run) for the whole catch-up, because new methods keep being compiled and the tier-up never came.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe ExecutionResult Run(ReadOnlySpan<byte> input)
    {
        var layout = image.Layout;
        var memory = GuestMemoryPool.Rent(image);
        var s = new Machine(image, options, input.ToArray(), memory.Bytes, memory.Dirty);
        s.Regs[2] = layout.MemoryTop; // sp
        s.Pc = image.Entry;
        if (options.RecordTrace)
        {
            s.Trace = new TraceBuilder(options.SegmentCyclesLog2, layout.MemoryTop);
            Loop<Traced>(s);
        }
        else
        {
            Loop<Untraced>(s);
        }
        var digest = new byte[32];
        image.Hasher.Hash(s.Input, digest);
        var result = new ExecutionResult(image.Id, digest, s.ExitCode, s.Cycles, s.Output.ToArray(), s.Trap, s.Pc, s.Regs[..32], s.Trace?.Finish());
        GuestMemoryPool.Return(memory);
        return result;
    }

    private interface IMode { static abstract bool Tracing { get; } }

    private struct Traced : IMode { public static bool Tracing => true; }

    private struct Untraced : IMode { public static bool Tracing => false; }

    private enum Fault { None, Illegal, PcOutOfText, JumpMisaligned, LoadMisaligned, StoreMisaligned, LoadFault, StoreFault, Break, CycleLimit, Stop }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Loop<TMode>(Machine s) where TMode : struct, IMode
    {
        var layout = image.Layout;
        uint textStart = image.TextStart, count = (uint)code.Length;
        uint readLo = image.ImageStart, readLen = layout.HeapEnd - image.ImageStart;
        uint writeLo = image.WritableStart, writeLen = layout.HeapEnd - image.WritableStart;
        uint stackLo = layout.StackStart, stackLen = layout.StackBytes;
        var limit = options.MaxCycles;
        var tb = s.Trace;
        var words = image.Words;
        var pc = s.Pc;
        var cycle = s.Cycles;
        var fault = Fault.None;
        uint faultValue = 0;
        fixed (uint* r = s.Regs)
        fixed (byte* m = s.Memory)
        fixed (byte* dirty = s.Dirty)
        fixed (DecodedInstruction* c = code)
        {
            if (TMode.Tracing) tb!.Begin(pc, r, cycle);
            while (true)
            {
                var idx = (pc - textStart) >> 2;
                if (idx >= count) { fault = Fault.PcOutOfText; break; }
                if (cycle >= limit) { fault = Fault.CycleLimit; break; }
                var d = c + idx;
                var next = pc + 4;
                var row = 0;
                if (TMode.Tracing)
                {
                    row = tb!.Count;
                    if (row == tb.Rows.Length) tb.Grow();
                    ref var tr = ref tb.Rows[row];
                    tr.Pc = pc; tr.Insn = words[idx]; tr.Rs1 = r[d->Rs1]; tr.Rs2 = r[d->Rs2];
                }
                uint a, v;
                switch (d->Op)
                {
                    case Opcode.Addi: r[d->Rd] = r[d->Rs1] + (uint)d->Imm; break;
                    case Opcode.Add: r[d->Rd] = r[d->Rs1] + r[d->Rs2]; break;
                    case Opcode.Lw:
                        a = r[d->Rs1] + (uint)d->Imm;
                        if ((a & 3) != 0) { fault = Fault.LoadMisaligned; faultValue = a; goto Stop; }
                        if (a - stackLo >= stackLen && a - readLo >= readLen) { fault = Fault.LoadFault; faultValue = a; goto Stop; }
                        v = *(uint*)(m + a);
                        if (TMode.Tracing) RecordMem(tb!, row, a & ~3u, v, v);
                        r[d->Rd] = v;
                        break;
                    case Opcode.Sw:
                        a = r[d->Rs1] + (uint)d->Imm;
                        if ((a & 3) != 0) { fault = Fault.StoreMisaligned; faultValue = a; goto Stop; }
                        if (a - stackLo >= stackLen && a - writeLo >= writeLen) { fault = Fault.StoreFault; faultValue = a; goto Stop; }
                        if (TMode.Tracing) { v = *(uint*)(m + a); RecordMem(tb!, row, a, v, r[d->Rs2]); }
                        *(uint*)(m + a) = r[d->Rs2];
                        dirty[a >> 12] = 1;
                        break;
                    case Opcode.Beq: if (r[d->Rs1] == r[d->Rs2]) goto Taken; break;
                    case Opcode.Bne: if (r[d->Rs1] != r[d->Rs2]) goto Taken; break;
                    case Opcode.Blt: if ((int)r[d->Rs1] < (int)r[d->Rs2]) goto Taken; break;
                    case Opcode.Bge: if ((int)r[d->Rs1] >= (int)r[d->Rs2]) goto Taken; break;
                    case Opcode.Bltu: if (r[d->Rs1] < r[d->Rs2]) goto Taken; break;
                    case Opcode.Bgeu: if (r[d->Rs1] >= r[d->Rs2]) goto Taken; break;
                    case Opcode.Jal:
                        r[d->Rd] = next;
                        goto Taken;
                    case Opcode.Jalr:
                        a = (r[d->Rs1] + (uint)d->Imm) & ~1u;
                        if ((a & 3) != 0) { fault = Fault.JumpMisaligned; faultValue = a; goto Stop; }
                        r[d->Rd] = next;
                        next = a;
                        break;
                    case Opcode.Lui: r[d->Rd] = (uint)d->Imm; break;
                    case Opcode.Auipc: r[d->Rd] = pc + (uint)d->Imm; break;
                    case Opcode.Lb:
                    case Opcode.Lbu:
                        a = r[d->Rs1] + (uint)d->Imm;
                        if (a - stackLo >= stackLen && a - readLo >= readLen) { fault = Fault.LoadFault; faultValue = a; goto Stop; }
                        if (TMode.Tracing) { v = *(uint*)(m + (a & ~3u)); RecordMem(tb!, row, a & ~3u, v, v); }
                        r[d->Rd] = d->Op == Opcode.Lb ? (uint)(sbyte)m[a] : m[a];
                        break;
                    case Opcode.Lh:
                    case Opcode.Lhu:
                        a = r[d->Rs1] + (uint)d->Imm;
                        if ((a & 1) != 0) { fault = Fault.LoadMisaligned; faultValue = a; goto Stop; }
                        if (a - stackLo >= stackLen && a - readLo >= readLen) { fault = Fault.LoadFault; faultValue = a; goto Stop; }
                        if (TMode.Tracing) { v = *(uint*)(m + (a & ~3u)); RecordMem(tb!, row, a & ~3u, v, v); }
                        r[d->Rd] = d->Op == Opcode.Lh ? (uint)*(short*)(m + a) : *(ushort*)(m + a);
                        break;
                    case Opcode.Sb:
                        a = r[d->Rs1] + (uint)d->Imm;
                        if (a - stackLo >= stackLen && a - writeLo >= writeLen) { fault = Fault.StoreFault; faultValue = a; goto Stop; }
                        dirty[a >> 12] = 1;
                        if (TMode.Tracing)
                        {
                            v = *(uint*)(m + (a & ~3u));
                            m[a] = (byte)r[d->Rs2];
                            RecordMem(tb!, row, a & ~3u, v, *(uint*)(m + (a & ~3u)));
                        }
                        else
                        {
                            m[a] = (byte)r[d->Rs2];
                        }
                        break;
                    case Opcode.Sh:
                        a = r[d->Rs1] + (uint)d->Imm;
                        if ((a & 1) != 0) { fault = Fault.StoreMisaligned; faultValue = a; goto Stop; }
                        if (a - stackLo >= stackLen && a - writeLo >= writeLen) { fault = Fault.StoreFault; faultValue = a; goto Stop; }
                        dirty[a >> 12] = 1;
                        if (TMode.Tracing)
                        {
                            v = *(uint*)(m + (a & ~3u));
                            *(ushort*)(m + a) = (ushort)r[d->Rs2];
                            RecordMem(tb!, row, a & ~3u, v, *(uint*)(m + (a & ~3u)));
                        }
                        else
                        {
                            *(ushort*)(m + a) = (ushort)r[d->Rs2];
                        }
                        break;
                    case Opcode.Slti: r[d->Rd] = (int)r[d->Rs1] < d->Imm ? 1u : 0u; break;
                    case Opcode.Sltiu: r[d->Rd] = r[d->Rs1] < (uint)d->Imm ? 1u : 0u; break;
                    case Opcode.Xori: r[d->Rd] = r[d->Rs1] ^ (uint)d->Imm; break;
                    case Opcode.Ori: r[d->Rd] = r[d->Rs1] | (uint)d->Imm; break;
                    case Opcode.Andi: r[d->Rd] = r[d->Rs1] & (uint)d->Imm; break;
                    case Opcode.Slli: r[d->Rd] = r[d->Rs1] << d->Imm; break;
                    case Opcode.Srli: r[d->Rd] = r[d->Rs1] >> d->Imm; break;
                    case Opcode.Srai: r[d->Rd] = (uint)((int)r[d->Rs1] >> d->Imm); break;
                    case Opcode.Sub: r[d->Rd] = r[d->Rs1] - r[d->Rs2]; break;
                    case Opcode.Sll: r[d->Rd] = r[d->Rs1] << (int)(r[d->Rs2] & 31); break;
                    case Opcode.Slt: r[d->Rd] = (int)r[d->Rs1] < (int)r[d->Rs2] ? 1u : 0u; break;
                    case Opcode.Sltu: r[d->Rd] = r[d->Rs1] < r[d->Rs2] ? 1u : 0u; break;
                    case Opcode.Xor: r[d->Rd] = r[d->Rs1] ^ r[d->Rs2]; break;
                    case Opcode.Srl: r[d->Rd] = r[d->Rs1] >> (int)(r[d->Rs2] & 31); break;
                    case Opcode.Sra: r[d->Rd] = (uint)((int)r[d->Rs1] >> (int)(r[d->Rs2] & 31)); break;
                    case Opcode.Or: r[d->Rd] = r[d->Rs1] | r[d->Rs2]; break;
                    case Opcode.And: r[d->Rd] = r[d->Rs1] & r[d->Rs2]; break;
                    case Opcode.Mul: r[d->Rd] = r[d->Rs1] * r[d->Rs2]; break;
                    case Opcode.Mulh: r[d->Rd] = (uint)((ulong)((long)(int)r[d->Rs1] * (int)r[d->Rs2]) >> 32); break;
                    case Opcode.Mulhsu: r[d->Rd] = (uint)((ulong)((long)(int)r[d->Rs1] * (long)r[d->Rs2]) >> 32); break;
                    case Opcode.Mulhu: r[d->Rd] = (uint)(((ulong)r[d->Rs1] * r[d->Rs2]) >> 32); break;
                    case Opcode.Div: r[d->Rd] = Div(r[d->Rs1], r[d->Rs2]); break;
                    case Opcode.Divu: v = r[d->Rs2]; r[d->Rd] = v == 0 ? uint.MaxValue : r[d->Rs1] / v; break;
                    case Opcode.Rem: r[d->Rd] = Rem(r[d->Rs1], r[d->Rs2]); break;
                    case Opcode.Remu: v = r[d->Rs2]; r[d->Rd] = v == 0 ? r[d->Rs1] : r[d->Rs1] % v; break;
                    case Opcode.Fence: break;
                    case Opcode.Ecall:
                        s.Pc = pc;
                        s.Cycles = cycle;
                        if (!Ecall(s, r, m)) { fault = s.Trap is null ? Fault.Stop : Fault.None; cycle = s.Cycles; goto Stop; }
                        break;
                    case Opcode.Ebreak: fault = Fault.Break; goto Stop;
                    default: fault = Fault.Illegal; faultValue = words[idx]; goto Stop;
                }
                goto Retire;
            Taken:
                if ((d->Imm & 3) != 0) { fault = Fault.JumpMisaligned; faultValue = pc + (uint)d->Imm; goto Stop; }
                next = pc + (uint)d->Imm;
            Retire:
                cycle++;
                if (TMode.Tracing)
                {
                    tb!.Rows[row].Rd = d->Rd == 32 ? 0 : r[d->Rd];
                    tb.Count = row + 1;
                    if (row + 1 == tb.SegmentSize)
                    {
                        tb.Close(next, r, m);
                        tb.Begin(next, r, cycle);
                    }
                }
                pc = next;
            }
        Stop:
            if (fault == Fault.Stop)
            {
                // The exit ECALL retires: it is the last row of the trace.
                cycle++;
                if (TMode.Tracing) tb!.Count++; // the row was begun above (Rd stays 0)
            }
            if (TMode.Tracing) tb!.Close(pc, r, m);
        }
        s.Pc = pc;
        s.Cycles = cycle;
        if (fault is not (Fault.None or Fault.Stop))
            s.Trap = MakeTrap(fault, pc, cycle, faultValue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RecordMem(TraceBuilder tb, int row, uint wordAddr, uint before, uint after)
    {
        tb.Touch(wordAddr, before);
        ref var r = ref tb.Rows[row];
        r.MemAddr = wordAddr;
        r.MemBefore = before;
        r.MemAfter = after;
    }

    private static uint Div(uint a, uint b)
    {
        if (b == 0) return uint.MaxValue;
        if (a == 0x8000_0000u && b == uint.MaxValue) return a; // overflow: result is the dividend (spec 7.2)
        return (uint)((int)a / (int)b);
    }

    private static uint Rem(uint a, uint b)
    {
        if (b == 0) return a;
        if (a == 0x8000_0000u && b == uint.MaxValue) return 0;
        return (uint)((int)a % (int)b);
    }

    private VmTrap MakeTrap(Fault fault, uint pc, long cycle, uint value)
    {
        string where = $"at pc 0x{pc:x8} (cycle {cycle})";
        return fault switch
        {
            Fault.Illegal => new(TrapKind.IllegalInstruction, pc, cycle,
                $"illegal instruction 0x{value:x8} {where}: {(Decoder.TryDecode(value, out _, out var why) ? "unknown" : why)}"),
            Fault.PcOutOfText => new(TrapKind.PcOutOfText, pc, cycle,
                $"pc 0x{pc:x8} is outside the executable range [0x{image.TextStart:x8}, 0x{image.TextEnd:x8}) (cycle {cycle})"),
            Fault.JumpMisaligned => new(TrapKind.InstructionMisaligned, pc, cycle, $"jump target 0x{value:x8} is not 4-byte aligned {where}"),
            Fault.LoadMisaligned => new(TrapKind.LoadMisaligned, pc, cycle, $"misaligned load from 0x{value:x8} {where}"),
            Fault.StoreMisaligned => new(TrapKind.StoreMisaligned, pc, cycle, $"misaligned store to 0x{value:x8} {where}"),
            Fault.LoadFault => new(TrapKind.LoadAccessFault, pc, cycle, $"load from unmapped address 0x{value:x8} {where}"),
            Fault.StoreFault => new(TrapKind.StoreAccessFault, pc, cycle, $"store to {Region(value)} address 0x{value:x8} {where}"),
            Fault.Break => new(TrapKind.Breakpoint, pc, cycle, $"breakpoint (EBREAK) {where}"),
            _ => new(TrapKind.CycleLimit, pc, cycle, $"cycle limit {options.MaxCycles} reached at pc 0x{pc:x8}"),
        };
    }

    private string Region(uint a) =>
        a >= image.ImageStart && a < image.WritableStart ? "read-only" : "unmapped";

    /// <summary>Handles one ECALL; false stops the run (exit, or a trap set on the machine).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe bool Ecall(Machine s, uint* r, byte* m)
    {
        var n = r[17];
        uint a0 = r[10], a1 = r[11], a2 = r[12];
        var result = a0;
        var tb = s.Trace;
        var cycle = s.Cycles;
        switch (n)
        {
            case Syscalls.Exit:
            case Syscalls.ExitGroup:
                s.ExitCode = (int)a0;
                tb?.Syscall(new SyscallEvent(cycle, n, a0, a1, a2, a0));
                return false;
            case Syscalls.InputLength:
                result = (uint)s.Input.Length;
                break;
            case Syscalls.ReadInput:
            {
                if (!Writable(a0, a1)) return SyscallFault(s, n, $"read_input buffer [0x{a0:x8}, +{a1}) is not writable memory");
                var count = (uint)Math.Min(a1, s.Input.Length - s.InputPos);
                if (tb is not null) Capture(s, m, a0, count);
                s.Input.AsSpan(s.InputPos, (int)count).CopyTo(new Span<byte>(m + a0, (int)count));
                s.MarkDirty(a0, count);
                if (tb is not null) Emit(s, m, cycle);
                s.InputPos += (int)count;
                result = count;
                break;
            }
            case Syscalls.WriteOutput:
                if (!Readable(a0, a1)) return SyscallFault(s, n, $"write_output buffer [0x{a0:x8}, +{a1}) is not readable memory");
                if ((long)s.Output.Count + a1 > options.MaxOutputBytes)
                {
                    s.Trap = new VmTrap(TrapKind.OutputLimit, s.Pc, cycle, $"output exceeds the limit of {options.MaxOutputBytes} bytes at pc 0x{s.Pc:x8} (cycle {cycle})");
                    return false;
                }
                if (tb is not null) { Capture(s, m, a0, a1); Emit(s, m, cycle); }
                s.Output.AddRange(new ReadOnlySpan<byte>(m + a0, (int)a1));
                break;
            case Syscalls.Keccak256:
            {
                if (!Readable(a0, a1)) return SyscallFault(s, n, $"keccak input [0x{a0:x8}, +{a1}) is not readable memory");
                if (!Writable(a2, 32)) return SyscallFault(s, n, $"keccak output 0x{a2:x8} is not 32 bytes of writable memory");
                if (tb is not null) { Capture(s, m, a0, a1); Emit(s, m, cycle); Capture(s, m, a2, 32); }
                s.Keccak.BlockUpdate(new ReadOnlySpan<byte>(m + a0, (int)a1));
                s.Keccak.DoFinal(new Span<byte>(m + a2, 32));
                s.MarkDirty(a2, 32);
                if (tb is not null) Emit(s, m, cycle);
                break;
            }
            case Syscalls.DebugPrint:
                if (!Readable(a0, a1)) return SyscallFault(s, n, $"debug print buffer [0x{a0:x8}, +{a1}) is not readable memory");
                options.Debug?.Write(Encoding.UTF8.GetString(new ReadOnlySpan<byte>(m + a0, (int)a1)));
                break;
            default:
                return SyscallFault(s, n, $"unknown ECALL number a7 = {n}");
        }
        r[10] = result;
        tb?.Syscall(new SyscallEvent(cycle, n, a0, a1, a2, result));
        return true;
    }

    private static bool SyscallFault(Machine s, uint n, string what)
    {
        s.Trap = new VmTrap(TrapKind.BadSyscall, s.Pc, s.Cycles, $"ECALL {n}: {what} at pc 0x{s.Pc:x8} (cycle {s.Cycles})");
        return false;
    }

    private bool Readable(uint a, uint len) =>
        In(a, len, image.ImageStart, image.Layout.HeapEnd) || In(a, len, image.Layout.StackStart, image.Layout.MemoryTop);

    private bool Writable(uint a, uint len) =>
        In(a, len, image.WritableStart, image.Layout.HeapEnd) || In(a, len, image.Layout.StackStart, image.Layout.MemoryTop);

    private static bool In(uint a, uint len, uint lo, uint hi) => a >= lo && a <= hi && len <= hi - a;

    // Syscall memory traffic is recorded word by word: Capture notes the words and their values before, Emit after.
    private static unsafe void Capture(Machine s, byte* m, uint a, uint len)
    {
        s.Pending.Clear();
        if (len == 0) return;
        for (uint w = a & ~3u, last = (a + len - 1) & ~3u; w <= last; w += 4)
        {
            s.Pending.Add(w);
            s.Pending.Add(*(uint*)(m + w));
        }
    }

    private static unsafe void Emit(Machine s, byte* m, long cycle)
    {
        for (var i = 0; i < s.Pending.Count; i += 2)
            s.Trace!.SyscallWord(cycle, s.Pending[i], s.Pending[i + 1], *(uint*)(m + s.Pending[i]));
        s.Pending.Clear();
    }

    /// <summary>The mutable state of one run.</summary>
    private sealed class Machine(ProgramImage image, ExecutionOptions options, byte[] input, byte[] memory, byte[] dirty)
    {
        public readonly byte[] Dirty = dirty;
        public readonly ProgramImage Image = image;
        public readonly ExecutionOptions Options = options;
        public readonly byte[] Input = input;
        public readonly byte[] Memory = memory;
        public readonly uint[] Regs = new uint[33];
        public readonly List<byte> Output = [];
        public readonly List<uint> Pending = [];
        public readonly KeccakDigest Keccak = new(256);
        public int InputPos;
        public uint Pc;
        public long Cycles;
        public int ExitCode;
        public VmTrap? Trap;
        public TraceBuilder? Trace;

        public void MarkDirty(uint a, uint len)
        {
            if (len == 0) return;
            for (var p = a >> 12; p <= (a + len - 1) >> 12; p++) Dirty[p] = 1;
        }
    }
}
