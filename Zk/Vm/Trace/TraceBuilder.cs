using System.Runtime.CompilerServices;

namespace Wsc.Zk.Vm;

/// <summary>Collects trace rows into fixed-size column arrays and cuts segments; one per traced run.</summary>
internal sealed unsafe class TraceBuilder
{
    private readonly int segmentSize;
    private readonly int[] epoch; // per memory word: 1 + index of the last segment that touched it
    private readonly List<TraceSegment> segments = [];
    private readonly List<uint> touchedAddr = [];
    private readonly List<uint> touchedBefore = [];
    private readonly List<SyscallEvent> syscalls = [];
    private readonly List<SyscallAccess> syscallAccesses = [];
    private int current; // 1 + segment index
    private long startCycle;
    private uint startPc;
    private uint[] startRegs = [];

    public uint[] Pc = [], Insn = [], Rs1 = [], Rs2 = [], Rd = [], MemAddr = [], MemBefore = [], MemAfter = [];
    public int Rows;

    public TraceBuilder(int segmentCyclesLog2, uint memoryTop)
    {
        if (segmentCyclesLog2 is < 1 or > 26)
            throw new ArgumentException($"SegmentCyclesLog2 {segmentCyclesLog2} must be in [1, 26]");
        segmentSize = 1 << segmentCyclesLog2;
        epoch = new int[memoryTop / 4];
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
        Rows = 0;
        Pc = new uint[segmentSize]; Insn = new uint[segmentSize]; Rs1 = new uint[segmentSize]; Rs2 = new uint[segmentSize];
        Rd = new uint[segmentSize]; MemAddr = new uint[segmentSize]; MemBefore = new uint[segmentSize]; MemAfter = new uint[segmentSize];
    }

    /// <summary>Notes the first touch of a word in this segment with its value at that moment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Touch(uint wordAddr, uint before)
    {
        ref var e = ref epoch[wordAddr >> 2];
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
        if (Rows == 0)
            return;
        var seg = new TraceSegment(current - 1, startCycle, Rows)
        {
            StartPc = startPc, StartRegisters = startRegs, EndPc = nextPc, EndRegisters = Snapshot(regs),
            Pc = Trim(Pc), Instruction = Trim(Insn), Rs1Value = Trim(Rs1), Rs2Value = Trim(Rs2), RdValue = Trim(Rd),
            MemAddress = Trim(MemAddr), MemBefore = Trim(MemBefore), MemAfter = Trim(MemAfter),
            Syscalls = [.. syscalls], SyscallAccesses = [.. syscallAccesses],
        };
        var ins = new MemoryWord[touchedAddr.Count];
        var outs = new MemoryWord[touchedAddr.Count];
        for (var i = 0; i < ins.Length; i++)
        {
            ins[i] = new MemoryWord(touchedAddr[i], touchedBefore[i]);
            outs[i] = new MemoryWord(touchedAddr[i], *(uint*)(mem + touchedAddr[i]));
        }
        Array.Sort(ins, (a, b) => a.Address.CompareTo(b.Address));
        Array.Sort(outs, (a, b) => a.Address.CompareTo(b.Address));
        seg.MemoryIn = ins;
        seg.MemoryOut = outs;
        segments.Add(seg);
        touchedAddr.Clear(); touchedBefore.Clear(); syscalls.Clear(); syscallAccesses.Clear();
        Rows = 0;
    }

    public ExecutionTrace Finish() => new(SegmentCyclesLog2, segments.ToArray());

    private uint[] Trim(uint[] column) => Rows == column.Length ? column : column.AsSpan(0, Rows).ToArray();

    private static uint[] Snapshot(uint* regs)
    {
        var r = new uint[32];
        for (var i = 1; i < 32; i++) r[i] = regs[i];
        return r;
    }
}
