namespace Wsc.Zk.Receipts;

/// <summary>Progress of <see cref="ReceiptProver.Prove"/>: segment `Index` of `Count` (cycles) is proven, `Elapsed` since the start.</summary>
public sealed record SegmentProven(int Index, int Count, int Cycles, TimeSpan Elapsed);
