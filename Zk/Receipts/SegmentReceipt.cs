using Wsc.Zk.Field;
using Wsc.Zk.Vm.Air;

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
/// <param name="MemorySums">The segment's sums on the memory bus across the run's proofs (<see cref="MemoryClaim"/>): the
/// boundary table's, and for the last (halting) segment, which carries the footprint, the image and heap tables' too.</param>
/// <param name="Proof">The encoded STARK proof of the segment.</param>
public sealed record SegmentReceipt(
    int Cycles,
    uint EndPc,
    uint[] EndRegisters,
    uint InputEnd,
    int JournalLength,
    Ext3[] MemorySums,
    byte[] Proof);
