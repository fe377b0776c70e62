using System.Runtime.CompilerServices;

namespace Wsc.Zk.Vm;

/// <summary>Collects trace rows into fixed-size column arrays and cuts segments; one per traced run.</summary>
internal sealed unsafe class TraceBuilder
{
    private readonly int segmentSize;
    // Per memory word: 1 + index of the last segment that touched it; pages allocated on first touch.
    private readonly int[]?[] epoch;
    private readonly List<TraceSegment> segments = [];
    private readonly List<uint> touchedAddr = [];
    private readonly List<uint> touchedBefore = [];
    private readonly List<SyscallEvent> syscalls = [];
    private readonly List<SyscallAccess> syscallAccesses = [];
    private int current; // 1 + segment index
    private long startCycle;
    private uint startPc;
    private uint[] startRegs = [];

    /// <summary>One row while recording: rows are written as structs (one bounds check per cycle) and transposed into columns at Close.</summary>
    public struct Row
    {
        public uint Pc, Insn, Rs1, Rs2, Rd, MemAddr, MemBefore, MemAfter;
    }

    public Row[] Rows = [];
    public int Count;

    public TraceBuilder(int segmentCyclesLog2, uint memoryTop)
    {
        if (segmentCyclesLog2 is < 1 or > 26)
            throw new ArgumentException($"SegmentCyclesLog2 {segmentCyclesLog2} must be in [1, 26]");
        segmentSize = 1 << segmentCyclesLog2;
        epoch = new int[memoryTop >> 12][];
        SegmentCyclesLog2 = segmentCyclesLog2;
    }

    public int SegmentCyclesLog2 { get; }

    public int SegmentSize => segmentSize;

    public void Begin(uint pc, uint* regs, long cycle)
    {
        current++;
        startCycle = cycle;
        startPc = pc;
        startRegs = Snapshot(regs);
        Count = 0;
        // The row buffer starts small and doubles up to the segment size, so short runs do not pay for 2^k rows.
        if (Rows.Length == 0) Rows = new Row[Math.Min(segmentSize, 1 << 11)];
    }

    /// <summary>Doubles the row capacity (called when Count reaches it; never beyond the segment size).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Grow() => Array.Resize(ref Rows, Math.Min(segmentSize, Rows.Length * 2));

    /// <summary>Notes the first touch of a word in this segment with its value at that moment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Touch(uint wordAddr, uint before)
    {
        var page = epoch[wordAddr >> 12] ??= new int[1024];
        ref var e = ref page[(wordAddr >> 2) & 1023];
        if (e != current)
        {
            e = current;
            touchedAddr.Add(wordAddr);
            touchedBefore.Add(before);
        }
    }

    public void Syscall(SyscallEvent e) => syscalls.Add(e);

    public void SyscallWord(long cycle, uint wordAddr, uint before, uint after)
    {
        Touch(wordAddr, before);
        syscallAccesses.Add(new SyscallAccess(cycle, wordAddr, before, after));
    }

    /// <summary>Closes the current segment at the state after its last row; empty segments are dropped.</summary>
    public void Close(uint nextPc, uint* regs, byte* mem)
    {
        if (Count == 0)
            return;
        var n = Count;
        uint[] pc = new uint[n], insn = new uint[n], rs1 = new uint[n], rs2 = new uint[n], rd = new uint[n], ma = new uint[n], mb = new uint[n], mf = new uint[n];
        for (var i = 0; i < n; i++)
        {
            ref var r = ref Rows[i];
            pc[i] = r.Pc; insn[i] = r.Insn; rs1[i] = r.Rs1; rs2[i] = r.Rs2; rd[i] = r.Rd; ma[i] = r.MemAddr; mb[i] = r.MemBefore; mf[i] = r.MemAfter;
        }
        Array.Clear(Rows, 0, n); // rows are reused: memory fields must start at zero
        var seg = new TraceSegment(current - 1, startCycle, n)
        {
            StartPc = startPc, StartRegisters = startRegs, EndPc = nextPc, EndRegisters = Snapshot(regs),
            Pc = pc, Instruction = insn, Rs1Value = rs1, Rs2Value = rs2, RdValue = rd, MemAddress = ma, MemBefore = mb, MemAfter = mf,
            Syscalls = [.. syscalls], SyscallAccesses = [.. syscallAccesses],
        };
        // Sort by address with primitive keys (much faster than a comparison delegate on large inputs).
        var addrs = touchedAddr.ToArray();
        var befores = touchedBefore.ToArray();
        Array.Sort(addrs, befores);
        var ins = new MemoryWord[addrs.Length];
        var outs = new MemoryWord[addrs.Length];
        for (var i = 0; i < ins.Length; i++)
        {
            ins[i] = new MemoryWord(addrs[i], befores[i]);
            outs[i] = new MemoryWord(addrs[i], *(uint*)(mem + addrs[i]));
        }
        seg.MemoryIn = ins;
        seg.MemoryOut = outs;
        segments.Add(seg);
        touchedAddr.Clear(); touchedBefore.Clear(); syscalls.Clear(); syscallAccesses.Clear();
        Count = 0;
    }

    public ExecutionTrace Finish() => new(SegmentCyclesLog2, segments.ToArray());

    private static uint[] Snapshot(uint* regs)
    {
        var r = new uint[32];
        for (var i = 1; i < 32; i++) r[i] = regs[i];
        return r;
    }
}
