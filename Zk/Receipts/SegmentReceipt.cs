using Wsc.Zk.Vm;

namespace Wsc.Zk.Receipts;

/// <summary>
/// One segment of a receipt: what its statement adds to the previous segment's end (the start pc, registers, cycle
/// and stream positions are the previous segment's end, or the entry state for the first), and its STARK proof.
/// </summary>
/// <param name="Cycles">Real cycles of the segment.</param>
/// <param name="EndPc">The pc after the segment (the exit's pc for the halting one).</param>
/// <param name="EndRegisters">The 32 registers after the segment (x0 = 0).</param>
/// <param name="InputEnd">Input position after the segment's reads.</param>
/// <param name="JournalLength">How many output bytes the segment writes (its slice of the receipt's output).</param>
/// <param name="MemoryIn">Each RAM word the segment touches, with the value it first reads (address order).</param>
/// <param name="MemoryOut">The same words with the value the segment leaves.</param>
/// <param name="Proof">The encoded STARK proof of the segment.</param>
public sealed record SegmentReceipt(
    int Cycles,
    uint EndPc,
    uint[] EndRegisters,
    uint InputEnd,
    int JournalLength,
    MemoryWord[] MemoryIn,
    MemoryWord[] MemoryOut,
    byte[] Proof);
