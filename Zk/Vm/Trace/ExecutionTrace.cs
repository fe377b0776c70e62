namespace Wsc.Zk.Vm;

/// <summary>The recorded execution of one run, cut into segments of 2^SegmentCyclesLog2 cycles.</summary>
public sealed record ExecutionTrace(int SegmentCyclesLog2, IReadOnlyList<TraceSegment> Segments)
{
    /// <summary>Total rows over all segments (the run's cycle count).</summary>
    public long Cycles => Segments.Sum(s => (long)s.Cycles);
}
