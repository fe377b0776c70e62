namespace Wsc.Zk.Vm;

/// <summary>
/// Re-executes a trace segment from its boundary state and checks every column against RV32IM semantics and the
/// program text: the reference for what the AIR will constrain. Syscall effects are taken from the segment's
/// syscall events and accesses; a keccak256 call's digest must be the hash of its input as memory held it.
/// </summary>
public static class TraceChecker
{
    /// <summary>
    /// Checks a whole run: every segment, and the chaining between them (pc, registers, and each word's MemoryIn
    /// equal to its latest MemoryOut or, on first touch, the initial image). Null when consistent.
    /// </summary>
    public static string? CheckRun(ProgramImage image, ExecutionTrace trace)
    {
        var latest = new Dictionary<uint, uint>();
        uint pc = image.Entry;
        var regs = new uint[32];
        regs[2] = image.Layout.MemoryTop;
        long cycle = 0;
        foreach (var seg in trace.Segments)
        {
            if (seg.StartCycle != cycle) return $"segment {seg.Index}: starts at cycle {seg.StartCycle}, expected {cycle}";
            if (seg.StartPc != pc) return $"segment {seg.Index}: StartPc 0x{seg.StartPc:x8}, previous segment ends at 0x{pc:x8}";
            if (!seg.StartRegisters.AsSpan().SequenceEqual(regs)) return $"segment {seg.Index}: StartRegisters differ from the previous end";
            foreach (var w in seg.MemoryIn)
            {
                var expected = latest.TryGetValue(w.Address, out var v) ? v : Initial(image, w.Address);
                if (w.Value != expected) return $"segment {seg.Index}: MemoryIn word 0x{w.Address:x8} is 0x{w.Value:x8}, memory holds 0x{expected:x8}";
            }
            if (Check(image, seg) is { } problem) return $"segment {seg.Index}: {problem}";
            foreach (var w in seg.MemoryOut) latest[w.Address] = w.Value;
            pc = seg.EndPc;
            regs = seg.EndRegisters;
            cycle += seg.Cycles;
        }
        return null;
    }

    private static uint Initial(ProgramImage image, uint address)
    {
        var at = (long)address - image.ImageStart;
        return at >= 0 && at + 4 <= image.InitialImage.Length ? BitConverter.ToUInt32(image.InitialImage, (int)at) : 0;
    }

    /// <summary>Returns null when <paramref name="segment"/> is consistent with <paramref name="image"/>, else the first problem in one line.</summary>
    public static string? Check(ProgramImage image, TraceSegment segment)
    {
        var regs = (uint[])segment.StartRegisters.Clone();
        if (regs.Length != 32 || regs[0] != 0) return "start registers: expected 32 with x0 = 0";
        if (segment.MemoryIn.Length != segment.MemoryOut.Length) return "MemoryIn and MemoryOut list different words";
        var mem = new Dictionary<uint, uint>();
        foreach (var w in segment.MemoryIn)
        {
            if ((w.Address & 3) != 0 || !mem.TryAdd(w.Address, w.Value)) return $"MemoryIn: bad or repeated address 0x{w.Address:x8}";
        }
        var syscalls = segment.Syscalls.ToDictionary(e => e.Cycle);
        var accesses = segment.SyscallAccesses.ToLookup(a => a.Cycle);
        var pc = segment.StartPc;
        var exited = false;
        for (var i = 0; i < segment.Cycles; i++)
        {
            var cycle = segment.StartCycle + i;
            string Where() => $"row {i} (cycle {cycle}, pc 0x{pc:x8})";
            if (exited) return $"{Where()}: row after the exit ECALL";
            if (segment.Pc[i] != pc) return $"{Where()}: Pc column is 0x{segment.Pc[i]:x8}";
            if (pc < image.TextStart || pc >= image.TextEnd || (pc & 3) != 0) return $"{Where()}: pc outside the text";
            var word = image.Words[(pc - image.TextStart) / 4];
            if (segment.Instruction[i] != word) return $"{Where()}: Instruction column 0x{segment.Instruction[i]:x8} is not the program's 0x{word:x8}";
            var d = Decoder.Decode(word);
            if (d.Op == Opcode.Illegal) return $"{Where()}: illegal instruction in a trace";
            uint a = regs[d.Rs1], b = regs[d.Rs2];
            if (segment.Rs1Value[i] != a) return $"{Where()}: Rs1Value 0x{segment.Rs1Value[i]:x8}, register x{d.Rs1} holds 0x{a:x8}";
            if (segment.Rs2Value[i] != b) return $"{Where()}: Rs2Value 0x{segment.Rs2Value[i]:x8}, register x{d.Rs2} holds 0x{b:x8}";
            var next = pc + 4;
            uint rd = 0;
            uint memAddr = 0, memBefore = 0, memAfter = 0;
            var imm = (uint)d.Imm;
            switch (d.Op)
            {
                case Opcode.Lui: rd = imm; break;
                case Opcode.Auipc: rd = pc + imm; break;
                case Opcode.Jal: rd = next; next = pc + imm; break;
                case Opcode.Jalr: rd = next; next = (a + imm) & ~1u; break;
                case Opcode.Beq: if (a == b) next = pc + imm; break;
                case Opcode.Bne: if (a != b) next = pc + imm; break;
                case Opcode.Blt: if ((int)a < (int)b) next = pc + imm; break;
                case Opcode.Bge: if ((int)a >= (int)b) next = pc + imm; break;
                case Opcode.Bltu: if (a < b) next = pc + imm; break;
                case Opcode.Bgeu: if (a >= b) next = pc + imm; break;
                case Opcode.Lb or Opcode.Lh or Opcode.Lw or Opcode.Lbu or Opcode.Lhu or Opcode.Sb or Opcode.Sh or Opcode.Sw:
                {
                    var addr = a + imm;
                    memAddr = addr & ~3u;
                    if (!mem.TryGetValue(memAddr, out memBefore)) return $"{Where()}: word 0x{memAddr:x8} is accessed but not in MemoryIn";
                    var shift = (int)(addr & 3) * 8;
                    memAfter = d.Op switch
                    {
                        Opcode.Sb => (memBefore & ~(0xffu << shift)) | ((b & 0xff) << shift),
                        Opcode.Sh => (memBefore & ~(0xffffu << shift)) | ((b & 0xffff) << shift),
                        Opcode.Sw => b,
                        _ => memBefore,
                    };
                    rd = d.Op switch
                    {
                        Opcode.Lb => (uint)(sbyte)(memBefore >> shift),
                        Opcode.Lbu => (memBefore >> shift) & 0xff,
                        Opcode.Lh => (uint)(short)(memBefore >> shift),
                        Opcode.Lhu => (memBefore >> shift) & 0xffff,
                        Opcode.Lw => memBefore,
                        _ => 0,
                    };
                    mem[memAddr] = memAfter;
                    break;
                }
                case Opcode.Addi: rd = a + imm; break;
                case Opcode.Slti: rd = (int)a < d.Imm ? 1u : 0; break;
                case Opcode.Sltiu: rd = a < imm ? 1u : 0; break;
                case Opcode.Xori: rd = a ^ imm; break;
                case Opcode.Ori: rd = a | imm; break;
                case Opcode.Andi: rd = a & imm; break;
                case Opcode.Slli: rd = a << d.Imm; break;
                case Opcode.Srli: rd = a >> d.Imm; break;
                case Opcode.Srai: rd = (uint)((int)a >> d.Imm); break;
                case Opcode.Add: rd = a + b; break;
                case Opcode.Sub: rd = a - b; break;
                case Opcode.Sll: rd = a << (int)(b & 31); break;
                case Opcode.Slt: rd = (int)a < (int)b ? 1u : 0; break;
                case Opcode.Sltu: rd = a < b ? 1u : 0; break;
                case Opcode.Xor: rd = a ^ b; break;
                case Opcode.Srl: rd = a >> (int)(b & 31); break;
                case Opcode.Sra: rd = (uint)((int)a >> (int)(b & 31)); break;
                case Opcode.Or: rd = a | b; break;
                case Opcode.And: rd = a & b; break;
                case Opcode.Mul: rd = a * b; break;
                case Opcode.Mulh: rd = (uint)((ulong)((long)(int)a * (int)b) >> 32); break;
                case Opcode.Mulhsu: rd = (uint)((ulong)((long)(int)a * (long)b) >> 32); break;
                case Opcode.Mulhu: rd = (uint)(((ulong)a * b) >> 32); break;
                case Opcode.Div: rd = b == 0 ? uint.MaxValue : a == 0x8000_0000u && b == uint.MaxValue ? a : (uint)((int)a / (int)b); break;
                case Opcode.Divu: rd = b == 0 ? uint.MaxValue : a / b; break;
                case Opcode.Rem: rd = b == 0 ? a : a == 0x8000_0000u && b == uint.MaxValue ? 0 : (uint)((int)a % (int)b); break;
                case Opcode.Remu: rd = b == 0 ? a : a % b; break;
                case Opcode.Fence: break;
                case Opcode.Ecall:
                {
                    if (!syscalls.TryGetValue(cycle, out var e)) return $"{Where()}: ECALL without a syscall event";
                    if (e.Number != regs[17] || e.A0 != regs[10] || e.A1 != regs[11] || e.A2 != regs[12])
                        return $"{Where()}: syscall event does not match a7/a0/a1/a2";
                    byte[]? digest = null;
                    if (e.Number == Syscalls.Keccak256)
                    {
                        if (Bytes(mem, e.A0, e.A1) is not { } message) return $"{Where()}: keccak input is not in MemoryIn";
                        digest = Air.KeccakRound.Keccak256(message);
                    }
                    foreach (var acc in accesses[cycle])
                    {
                        if (!mem.TryGetValue(acc.Address, out var cur) || cur != acc.Before)
                            return $"{Where()}: syscall access to 0x{acc.Address:x8} does not start from the current value";
                        mem[acc.Address] = acc.After;
                    }
                    if (digest is not null && (Bytes(mem, e.A2, 32) is not { } hashOut || !hashOut.AsSpan().SequenceEqual(digest)))
                        return $"{Where()}: the keccak256 digest at 0x{e.A2:x8} is not the hash of its input";
                    if (e.Number is Syscalls.Exit or Syscalls.ExitGroup) exited = true;
                    else regs[10] = e.ResultA0;
                    break;
                }
                default:
                    return $"{Where()}: {d.Op} cannot appear in a trace";
            }
            if (segment.MemAddress[i] != memAddr || segment.MemBefore[i] != memBefore || segment.MemAfter[i] != memAfter)
                return $"{Where()}: memory columns (0x{segment.MemAddress[i]:x8}, 0x{segment.MemBefore[i]:x8}, 0x{segment.MemAfter[i]:x8}), expected (0x{memAddr:x8}, 0x{memBefore:x8}, 0x{memAfter:x8})";
            var written = d.WritesRd && d.Rd != 0 ? rd : 0;
            if (segment.RdValue[i] != written) return $"{Where()}: RdValue 0x{segment.RdValue[i]:x8}, expected 0x{written:x8}";
            if (d.WritesRd && d.Rd != 0) regs[d.Rd] = rd;
            if (!exited) pc = next;
        }
        if (segment.EndPc != pc) return $"EndPc 0x{segment.EndPc:x8}, execution ends at 0x{pc:x8}";
        for (var r = 0; r < 32; r++)
            if (segment.EndRegisters[r] != regs[r]) return $"EndRegisters x{r} is 0x{segment.EndRegisters[r]:x8}, execution leaves 0x{regs[r]:x8}";
        foreach (var w in segment.MemoryOut)
            if (!mem.TryGetValue(w.Address, out var v) || v != w.Value) return $"MemoryOut word 0x{w.Address:x8} is 0x{w.Value:x8}, execution leaves 0x{v:x8}";
        return null;
    }

    /// <summary>The `len` bytes at `a` from the words known so far, or null when one of them is not known.</summary>
    private static byte[]? Bytes(Dictionary<uint, uint> mem, uint a, uint len)
    {
        var bytes = new byte[len];
        for (uint i = 0; i < len; i++)
        {
            if (!mem.TryGetValue((a + i) & ~3u, out var word)) return null;
            bytes[i] = (byte)(word >> (int)(8 * ((a + i) & 3)));
        }
        return bytes;
    }
}
