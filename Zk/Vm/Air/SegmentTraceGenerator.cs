using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// Replays a trace segment from its boundary state and writes the rows of every table: the CPU row per cycle, one chip
/// row per ALU request or memory access, then the lookup multiplicities of the program and byte tables.
/// </summary>
internal sealed class SegmentTraceGenerator(ProgramImage image, TraceSegment seg, byte[] input, byte[] output, uint inputStart, uint outputStart, RunMemory memory, int index)
{
    private readonly uint inputLength = (uint)input.Length;
    private readonly MemoryRegions regions = MemoryRegions.Of(image);
    private readonly List<ulong[]> io = [], ecalls = [];
    private ulong lastEcallClk;
    private readonly Dictionary<long, SyscallEvent> events = seg.Syscalls.ToDictionary(e => e.Cycle);
    private readonly ILookup<long, SyscallAccess> accesses = seg.SyscallAccesses.ToLookup(a => a.Cycle);
    private readonly uint startIn = inputStart, startOut = outputStart;
    private uint inPos = inputStart, outPos = outputStart;
    private readonly List<ulong[]> addSub = [], bitwise = [], lessThan = [], shift = [], mul = [], divRem = [], loadStore = [];
    private readonly uint[] regs = (uint[])seg.StartRegisters.Clone();
    private readonly ulong[] regTs = new ulong[32];
    private readonly Dictionary<uint, ulong> memTs = [];
    private readonly KeccakWitness keccak = new(MemoryRegions.Of(image));

    public SegmentWitness Generate()
    {
        int n = seg.Cycles;
        bool halted = false;
        uint exitCode = 0;
        // Rows go straight into the columns (one reused row buffer): a row array per cycle cost a GC-heavy copy.
        var cpu = new ulong[CpuTable.Width][];
        for (int c = 0; c < CpuTable.Width; c++) cpu[c] = new ulong[Pow2(Math.Max(2, n))];
        var row = new ulong[CpuTable.Width];
        for (int i = 0; i < n; i++)
        {
            if (halted) throw new InvalidOperationException($"row {i}: a row after the exit ECALL");
            Array.Clear(row);
            halted = Step(i, row, ref exitCode);
            for (int c = 0; c < CpuTable.Width; c++) cpu[c][i] = row[c];
        }
        uint endPc = (uint)cpu[CpuTable.NextPc][n - 1];
        if (endPc != seg.EndPc) throw new InvalidOperationException($"replay ends at pc 0x{endPc:x8}, the segment says 0x{seg.EndPc:x8}");
        for (int r = 0; r < 32; r++)
        {
            if (regs[r] != seg.EndRegisters[r]) throw new InvalidOperationException($"replay leaves x{r} = 0x{regs[r]:x8}, the segment says 0x{seg.EndRegisters[r]:x8}");
        }
        // A halting segment keeps at least one padding row, so the exit row is never the last (the AIR requires it).
        int height = Pow2(Math.Max(2, n + (halted ? 1 : 0)));
        if (height > cpu[0].Length)
            for (int c = 0; c < CpuTable.Width; c++) Array.Resize(ref cpu[c], height);
        for (int i = 0; i < height; i++)
        {
            if (i >= n)
            {
                cpu[CpuTable.Clk][i] = (ulong)i + 1;
                cpu[CpuTable.Pc][i] = endPc;
                cpu[CpuTable.NextPc][i] = endPc;
                cpu[CpuTable.Eq][i] = 1;
            }
            cpu[CpuTable.RealCount][i] = (ulong)Math.Min(i + 1, n);
        }

        if (outPos > output.Length) throw new InvalidOperationException($"the segment writes up to output position {outPos}, the run's output has {output.Length} bytes");
        bool footprint = index == memory.Plan.Segments.Count - 1;
        if (footprint != halted) throw new InvalidOperationException(footprint ? "the run's last segment does not halt" : $"segment {index} halts but is not the run's last");
        if (index < 0 || index >= memory.Plan.Segments.Count) throw new ArgumentOutOfRangeException(nameof(index), $"segment {index}: the plan has {memory.Plan.Segments.Count}");
        var rows = memory.Plan.Segments[index];
        var finalTs = new ulong[32 + rows.Length];
        for (int r = 0; r < 32; r++) finalTs[r] = regTs[r];
        for (int i = 0; i < rows.Length; i++) finalTs[32 + i] = memTs.GetValueOrDefault(rows[i].Address);
        var touched = rows.Select(w => w.Address).ToArray();
        foreach (var addr in memTs.Keys)
        {
            if (Array.BinarySearch(touched, addr) < 0) throw new InvalidOperationException($"word 0x{addr:x8} is accessed but not in the segment's memory rows");
        }
        uint segIndex = (uint)(index + 1);
        var (boundaryMain, boundarySum) = MemoryBoundaryTable.Trace(MemoryBoundaryTable.Statement(seg.StartRegisters, regs, rows), finalTs, segIndex, memory.Alpha, memory.Beta);
        bool calls = keccak.Calls > 0;
        var system = VmAir.System(image, calls, footprint);
        Ext3[] sums = [boundarySum];
        ulong[][]? imageMain = null, heapMain = null;
        if (footprint)
        {
            int at = VmAir.MemoryImageIndex(calls);
            var (im, imageSum) = ((MemoryImageTable)system.Tables[at]).Trace(memory.Plan.ImageFinals, memory.Alpha, memory.Beta);
            var (hm, heapSum) = ((MemoryHeapTable)system.Tables[at + 1]).Trace(memory.Plan.HeapFinals, memory.Alpha, memory.Beta);
            (imageMain, heapMain, sums) = (im, hm, [boundarySum, imageSum, heapSum]);
        }
        var boundary = new SegmentBoundary(seg.StartPc, endPc, (uint[])seg.StartRegisters.Clone(), (uint[])regs.Clone(),
            new MemoryClaim(segIndex, memory.Alpha, memory.Beta, sums), halted, exitCode, input, startIn, inPos, startOut, output[(int)startOut..(int)outPos], seg.StartCycle, n)
        {
            Keccak = calls,
        };

        var traces = new ulong[system.Tables.Count][][];
        traces[VmAir.CpuIndex] = cpu;
        traces[VmAir.BoundaryIndex] = boundaryMain;
        if (footprint)
        {
            traces[VmAir.MemoryImageIndex(calls)] = imageMain!;
            traces[VmAir.MemoryImageIndex(calls) + 1] = heapMain!;
        }
        traces[VmAir.AddSubIndex] = Chip(addSub, AddSubTable.Width, r => AddSubTable.Write(r, AluOp.Add, 0, 0));
        traces[VmAir.BitwiseIndex] = Chip(bitwise, BitwiseTable.Width, r => BitwiseTable.Write(r, AluOp.And, 0, 0));
        traces[VmAir.LessThanIndex] = Chip(lessThan, LessThanTable.Width, r => LessThanTable.Write(r, AluOp.Sltu, 0, 0));
        traces[VmAir.ShiftIndex] = Chip(shift, ShiftTable.Width, r => ShiftTable.Write(r, AluOp.Sll, 0, 0));
        traces[VmAir.MulIndex] = Chip(mul, MulTable.Width, r => MulTable.Write(r, AluOp.Mul, 0, 0));
        traces[VmAir.DivRemIndex] = Chip(divRem, DivRemTable.Width, r => DivRemTable.Write(r, AluOp.Divu, 0, 0));
        traces[VmAir.IoIndex] = Chip(io, IoTable.Width, IoTable.WritePadding);
        ulong exits = 0;
        foreach (var e in ecalls)
        {
            e[EcallTable.ExitCode] = exitCode;
            e[EcallTable.InputLen] = inputLength;
            e[EcallTable.Halted] = exits;
            exits += e[EcallTable.KExit];
            e[EcallTable.HaltedNext] = exits;
        }
        uint endIn = inPos, endOut = outPos, code = exitCode;
        traces[VmAir.EcallIndex] = Chip(ecalls, EcallTable.Width, r => EcallTable.WritePadding(r, endIn, endOut, code, inputLength, exits));
        traces[VmAir.JournalIndex] = [new ulong[2]];
        traces[VmAir.InputIndex] = [new ulong[2]];
        if (boundary.Keccak) keccak.WriteTraces(traces);
        traces[VmAir.LoadStoreIndex] = Chip(loadStore, LoadStoreTable.Width, r => LoadStoreTable.Write(r, LoadStoreKind.Lw, 0, 0, 0, 0, 0, 0, 0));

        var program = (ProgramTable)system.Tables[VmAir.ProgramIndex];
        var programMult = new ulong[1 << program.FixedLogHeight!.Value];
        for (int i = 0; i < n; i++) programMult[program.RowOf(seg.Pc[i])]++;
        traces[VmAir.ProgramIndex] = [programMult];
        traces[VmAir.BytesIndex] = ByteTable.Multiplicities(system, traces);
        return new SegmentWitness(system, traces, boundary.PublicInputs(), boundary);
    }

    /// <summary>Fills CPU row i; returns true when it is the exit ECALL.</summary>
    private bool Step(int i, ulong[] row, ref uint exitCode)
    {
        ulong clk = (ulong)i + 1;
        uint pc = seg.Pc[i], word = seg.Instruction[i];
        var e = ProgramEntry.Decode(word, pc);
        string Where() => $"row {i} (pc 0x{pc:x8}, instruction 0x{word:x8})";
        if (e.Flags == 0) throw new InvalidOperationException($"{Where()}: not an instruction the AIR can execute");
        row[CpuTable.IsReal] = 1;
        row[CpuTable.Clk] = clk;
        row[CpuTable.Pc] = pc;
        for (int f = 0; f < CpuFlag.Count; f++) row[CpuTable.F(f)] = e.Has(f) ? 1u : 0;
        row[CpuTable.Rd] = e.Rd;
        row[CpuTable.Rs1] = e.Rs1;
        row[CpuTable.Rs2] = e.Rs2;
        row[CpuTable.Imm] = e.ImmCell;
        row[CpuTable.Op] = e.Op;

        uint a = regs[e.Rs1], b = regs[e.Rs2];
        row[CpuTable.Rs1Val] = a;
        row[CpuTable.Rs2Val] = b;
        Access(row, CpuTable.Rs1Ts, CpuTable.Rs1Lo, ref regTs[e.Rs1], 4 * clk);
        Access(row, CpuTable.Rs2Ts, CpuTable.Rs2Lo, ref regTs[e.Rs2], 4 * clk + 1);

        uint opA = a;
        uint opB = e.Has(CpuFlag.Imm) ? e.Imm : b;
        bool usesAlu = e.AluOp != 0;
        uint opC = usesAlu ? AluOp.Compute(e.AluOp, opA, opB) : 0;
        if (usesAlu) AddAlu(e.AluOp, opA, opB);
        row[CpuTable.OpB] = opB;
        row[CpuTable.OpC] = opC;

        bool eq = a == b;
        row[CpuTable.Eq] = eq ? 1u : 0;
        row[CpuTable.Inv] = eq ? 0 : Goldilocks.Inverse(Goldilocks.Sub(a, b));

        uint next = pc + 4, rdVal = 0, memVal = 0;
        bool exit = false;
        if (e.Has(CpuFlag.Alu)) rdVal = opC;
        else if (e.Has(CpuFlag.Lui)) rdVal = e.Imm;
        else if (e.Has(CpuFlag.Jal))
        {
            rdVal = pc + 4;
            next = pc + e.Imm;
        }
        else if (e.Has(CpuFlag.Jalr))
        {
            rdVal = pc + 4;
            next = opC & ~1u;
            row[CpuTable.JalrBit] = opC & 1;
        }
        else if (e.Has(CpuFlag.Beq) || e.Has(CpuFlag.Bne) || e.Has(CpuFlag.BltLike) || e.Has(CpuFlag.BgeLike))
        {
            bool taken = e.Has(CpuFlag.Beq) ? eq : e.Has(CpuFlag.Bne) ? !eq : e.Has(CpuFlag.BltLike) ? opC == 1 : opC == 0;
            row[CpuTable.Taken] = taken ? 1u : 0;
            if (taken) next = pc + e.Imm;
        }
        else if (e.Has(CpuFlag.Load) || e.Has(CpuFlag.Store))
        {
            memVal = MemoryAccess(i, clk, e.LsKind, a, e.Imm, b);
            if (e.Has(CpuFlag.Load)) rdVal = memVal;
        }
        if (e.Has(CpuFlag.Ecall))
        {
            rdVal = b;
            var ec = new ulong[EcallTable.Width];
            ec[EcallTable.IsReal] = 1;
            ec[EcallTable.Clk] = clk;
            ec[EcallTable.A7] = a;
            ec[EcallTable.A0] = b;
            if (ecalls.Count > 0)
            {
                ulong gap = clk - lastEcallClk - 1;
                ec[EcallTable.GapLo] = gap & 0xffff;
                ec[EcallTable.GapHi] = gap >> 16;
            }
            lastEcallClk = clk;
            ecalls.Add(ec);
            ec[EcallTable.InPos] = ec[EcallTable.InPosNext] = inPos;
            ec[EcallTable.OutPos] = ec[EcallTable.OutPosNext] = outPos;
            ec[EcallTable.A1Val] = regs[11];
            Access(ec, EcallTable.A1Ts, EcallTable.A1Lo, ref regTs[11], 4 * clk + 2);
            switch (a)
            {
                case Syscalls.ReadInput or Syscalls.WriteOutput:
                {
                    bool read = a == Syscalls.ReadInput;
                    uint a1 = regs[11], left = inputLength - inPos;
                    uint count = read ? Math.Min(a1, left) : a1;
                    if (!events.TryGetValue(seg.StartCycle + i, out var ev) || (read && ev.ResultA0 != count))
                        throw new InvalidOperationException($"{Where()}: the syscall event does not match the replay");
                    ec[read ? EcallTable.KRead : EcallTable.KWrite] = 1;
                    ec[EcallTable.Count] = count;
                    ec[EcallTable.NZ] = count != 0 ? 1u : 0;
                    ec[EcallTable.CountInv] = count != 0 ? Goldilocks.Inverse(count) : 0;
                    uint streamBase = read ? inPos : outPos;
                    ec[EcallTable.Base] = streamBase;
                    if (read)
                    {
                        rdVal = count;
                        ulong g1 = a1 - count, g2 = left - count;
                        ec[EcallTable.G1Lo] = g1 & 0xffff;
                        ec[EcallTable.G1Hi] = g1 >> 16;
                        ec[EcallTable.G2Lo] = g2 & 0xffff;
                        ec[EcallTable.G2Hi] = g2 >> 16;
                        inPos += count;
                        ec[EcallTable.InPosNext] = inPos;
                    }
                    else
                    {
                        outPos += count;
                        ec[EcallTable.OutPosNext] = outPos;
                    }
                    bool stack = b >= regions.StackStart;
                    uint e1 = b - (stack ? regions.StackStart : regions.Low(read));
                    uint e2 = (stack ? regions.MemoryTop : regions.HeapEnd) - b - a1;
                    ec[EcallTable.IoStack] = stack ? 1u : 0;
                    ec[EcallTable.E1Lo] = e1 & 0xffff;
                    ec[EcallTable.E1Hi] = e1 >> 16;
                    ec[EcallTable.E2Lo] = e2 & 0xffff;
                    ec[EcallTable.E2Hi] = e2 >> 16;
                    Transfer(i, clk, read, b, count, streamBase);
                    break;
                }
                case Syscalls.Exit or Syscalls.ExitGroup:
                    row[CpuTable.KExit] = ec[EcallTable.KExit] = 1;
                    ec[EcallTable.KExit94] = a == Syscalls.ExitGroup ? 1u : 0;
                    exitCode = b;
                    next = pc;
                    exit = true;
                    break;
                case Syscalls.InputLength:
                    ec[EcallTable.KLen] = 1;
                    rdVal = inputLength;
                    break;
                case Syscalls.DebugPrint:
                    ec[EcallTable.KDbg] = 1;
                    break;
                case Syscalls.Keccak256:
                    ec[EcallTable.KKeccak] = 1;
                    keccak.Call(i, clk, b, regs[11], regs[12], accesses[seg.StartCycle + i].ToArray(), memTs, ref regTs[KeccakSpongeTable.A2]);
                    break;
                default:
                    throw new InvalidOperationException($"{Where()}: ECALL {a} is not a syscall the AIR can prove");
            }
            ec[EcallTable.Result] = rdVal;
        }
        row[CpuTable.RdVal] = rdVal;
        row[CpuTable.MemVal] = memVal;
        if (e.Has(CpuFlag.WritesRd))
        {
            row[CpuTable.RdPrev] = regs[e.Rd];
            Access(row, CpuTable.RdTs, CpuTable.RdLo, ref regTs[e.Rd], 4 * clk + 3);
            regs[e.Rd] = rdVal;
            if (!e.Has(CpuFlag.Ecall) && seg.RdValue[i] != rdVal)
                throw new InvalidOperationException($"{Where()}: replay writes 0x{rdVal:x8}, the executor wrote 0x{seg.RdValue[i]:x8}");
        }
        row[CpuTable.NextPc] = next;
        uint expected = i + 1 < seg.Cycles ? seg.Pc[i + 1] : seg.EndPc;
        if (next != expected) throw new InvalidOperationException($"{Where()}: replay continues at 0x{next:x8}, the segment at 0x{expected:x8}");
        return exit;
    }

    /// <summary>The io rows of one read_input/write_output: one per word of [buf, buf + count), in address order.</summary>
    private void Transfer(int i, ulong clk, bool read, uint buf, uint count, uint streamBase)
    {
        var words = accesses[seg.StartCycle + i].ToArray();
        if (count == 0)
        {
            if (words.Length != 0) throw new InvalidOperationException($"row {i}: an empty transfer touched memory");
            return;
        }
        uint first = buf & ~3u, lastByte = buf + count - 1;
        int n = (int)(((lastByte & ~3u) - first) / 4) + 1;
        if (words.Length != n) throw new InvalidOperationException($"row {i}: the transfer touched {words.Length} words, expected {n}");
        ulong acc = 0;
        for (int j = 0; j < n; j++)
        {
            var w = words[j];
            uint wa = first + 4u * (uint)j;
            if (w.Address != wa) throw new InvalidOperationException($"row {i}: transfer word {j} is at 0x{w.Address:x8}, expected 0x{wa:x8}");
            int from = j == 0 ? (int)(buf & 3) : 0, to = j == n - 1 ? (int)(lastByte & 3) : 3;
            acc += (ulong)(to - from + 1);
            ulong prev = memTs.GetValueOrDefault(wa);
            memTs[wa] = 4 * clk + 2;
            var row = new ulong[IoTable.Width];
            IoTable.Write(row, read, j == 0, j == n - 1, clk, wa, buf, count, streamBase, from, to, acc, w.Before, w.After, prev);
            io.Add(row);
        }
    }

    /// <summary>Records an access at `ts` after the one at `last`: previous timestamp and the two limbs of ts − last − 1.</summary>
    private static void Access(ulong[] row, int tsColumn, int loColumn, ref ulong last, ulong ts)
    {
        ulong d = ts - last - 1;
        row[tsColumn] = last;
        row[loColumn] = d & 0xffff;
        row[loColumn + 1] = d >> 16;
        last = ts;
    }

    private uint MemoryAccess(int i, ulong clk, ulong kind, uint @base, uint offset, uint storeValue)
    {
        uint addr = @base + offset;
        uint wordAddr = addr & ~3u;
        if (seg.MemAddress[i] != wordAddr) throw new InvalidOperationException($"row {i}: replay accesses 0x{wordAddr:x8}, the executor 0x{seg.MemAddress[i]:x8}");
        uint before = seg.MemBefore[i], after = seg.MemAfter[i];
        int shift = (int)(addr & 3) * 8;
        uint value = kind switch
        {
            LoadStoreKind.Lb => (uint)(sbyte)(before >> shift),
            LoadStoreKind.Lbu => (before >> shift) & 0xff,
            LoadStoreKind.Lh => (uint)(short)(before >> shift),
            LoadStoreKind.Lhu => (before >> shift) & 0xffff,
            LoadStoreKind.Lw => before,
            _ => storeValue,
        };
        uint expectedAfter = kind switch
        {
            LoadStoreKind.Sb => (before & ~(0xffu << shift)) | ((storeValue & 0xff) << shift),
            LoadStoreKind.Sh => (before & ~(0xffffu << shift)) | ((storeValue & 0xffff) << shift),
            LoadStoreKind.Sw => storeValue,
            _ => before,
        };
        if (after != expectedAfter) throw new InvalidOperationException($"row {i}: the executor left 0x{after:x8} at 0x{wordAddr:x8}, replay expects 0x{expectedAfter:x8}");
        ulong prev = memTs.GetValueOrDefault(wordAddr);
        memTs[wordAddr] = 4 * clk + 2;
        var ls = new ulong[LoadStoreTable.Width];
        LoadStoreTable.Write(ls, kind, @base, offset, value, clk, before, after, prev);
        LoadStoreTable.WriteRegion(ls, regions, kind, addr);
        ls[LoadStoreTable.IsReal] = 1;
        loadStore.Add(ls);
        return value;
    }

    private void AddAlu(ulong op, uint a, uint b)
    {
        ulong[] row;
        switch (op)
        {
            case AluOp.Add or AluOp.Sub:
                row = new ulong[AddSubTable.Width];
                AddSubTable.Write(row, op, a, b);
                addSub.Add(row);
                break;
            case AluOp.And or AluOp.Or or AluOp.Xor:
                row = new ulong[BitwiseTable.Width];
                BitwiseTable.Write(row, op, a, b);
                bitwise.Add(row);
                break;
            case AluOp.Slt or AluOp.Sltu:
                row = new ulong[LessThanTable.Width];
                LessThanTable.Write(row, op, a, b);
                lessThan.Add(row);
                break;
            case AluOp.Sll or AluOp.Srl or AluOp.Sra:
                row = new ulong[ShiftTable.Width];
                ShiftTable.Write(row, op, a, b);
                shift.Add(row);
                break;
            case AluOp.Mul or AluOp.Mulh or AluOp.Mulhsu or AluOp.Mulhu:
                row = new ulong[MulTable.Width];
                MulTable.Write(row, op, a, b);
                mul.Add(row);
                break;
            default:
                row = new ulong[DivRemTable.Width];
                DivRemTable.Write(row, op, a, b);
                divRem.Add(row);
                break;
        }
        row[0] = 1; // every chip's column 0 is is_real
    }

    internal static ulong[][] Chip(List<ulong[]> rows, int width, Action<ulong[]> writePadding)
    {
        int height = Pow2(Math.Max(2, rows.Count));
        var all = new List<ulong[]>(rows);
        while (all.Count < height)
        {
            var pad = new ulong[width];
            writePadding(pad);
            all.Add(pad);
        }
        return Columns(all, width, height);
    }

    internal static ulong[][] Columns(List<ulong[]> rows, int width, int height)
    {
        var cols = new ulong[width][];
        for (int c = 0; c < width; c++)
        {
            cols[c] = new ulong[height];
            for (int i = 0; i < height; i++) cols[c][i] = rows[i][c];
        }
        return cols;
    }

    internal static int Pow2(int x)
    {
        int p = 1;
        while (p < x) p <<= 1;
        return p;
    }
}
