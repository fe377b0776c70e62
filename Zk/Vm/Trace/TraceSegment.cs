namespace Wsc.Zk.Vm;

/// <summary>
/// 2^k consecutive cycles of a run as structure-of-arrays columns (row i = global cycle StartCycle + i), with the
/// boundary state: pc and registers before the first and after the last row, and every touched memory word's
/// value at first touch (<see cref="MemoryIn"/>) and at the end (<see cref="MemoryOut"/>), both sorted by address.
/// </summary>
public sealed class TraceSegment
{
    internal TraceSegment(int index, long startCycle, int cycles) { Index = index; StartCycle = startCycle; Cycles = cycles; }

    /// <summary>Slots of the accesses within one cycle, in the order they happen.</summary>
    public const int SlotRs1 = 0, SlotRs2 = 1, SlotMemory = 2, SlotRd = 3;

    /// <summary>The timestamp of an access: 4 * global cycle + slot (strictly increasing over a run).</summary>
    public static long Timestamp(long cycle, int slot) => 4 * cycle + slot;

    /// <summary>Position of the segment in the run (0-based).</summary>
    public int Index { get; }

    /// <summary>Global cycle of row 0; access timestamps are 4 * cycle + slot (rs1 0, rs2 1, memory 2, rd 3).</summary>
    public long StartCycle { get; }

    /// <summary>Rows in this segment.</summary>
    public int Cycles { get; }

    public uint StartPc { get; internal set; }
    public uint[] StartRegisters { get; internal set; } = [];
    public uint EndPc { get; internal set; }
    public uint[] EndRegisters { get; internal set; } = [];

    /// <summary>pc of each row.</summary>
    public uint[] Pc { get; internal set; } = [];

    /// <summary>Raw instruction word of each row.</summary>
    public uint[] Instruction { get; internal set; } = [];

    /// <summary>Value of register rs1 read by the row (0 when the instruction has no rs1).</summary>
    public uint[] Rs1Value { get; internal set; } = [];

    /// <summary>Value of register rs2 read by the row (0 when the instruction has no rs2).</summary>
    public uint[] Rs2Value { get; internal set; } = [];

    /// <summary>Value written to rd (0 when rd is x0 or nothing is written).</summary>
    public uint[] RdValue { get; internal set; } = [];

    /// <summary>Word-aligned address of the row's load or store, 0 when the row has none (page 0 is never mapped).</summary>
    public uint[] MemAddress { get; internal set; } = [];

    /// <summary>The whole word at <see cref="MemAddress"/> before the access.</summary>
    public uint[] MemBefore { get; internal set; } = [];

    /// <summary>The whole word at <see cref="MemAddress"/> after the access (equal to before for loads).</summary>
    public uint[] MemAfter { get; internal set; } = [];

    /// <summary>Touched words with their values when first touched in this segment.</summary>
    public MemoryWord[] MemoryIn { get; internal set; } = [];

    /// <summary>The same words with their values at the end of the segment.</summary>
    public MemoryWord[] MemoryOut { get; internal set; } = [];

    /// <summary>ECALLs executed in this segment.</summary>
    public SyscallEvent[] Syscalls { get; internal set; } = [];

    /// <summary>Memory words read or written by those ECALLs, in order.</summary>
    public SyscallAccess[] SyscallAccesses { get; internal set; } = [];
}
