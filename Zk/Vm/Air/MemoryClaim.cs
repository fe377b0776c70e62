using Wsc.Zk.Field;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// A segment's place on the memory bus across a run's proofs (docs/zkvm.md, "Memory between segments"): its 1-based
/// index, the run's challenges (α, β; <see cref="MemoryChallenge"/>) and its sums: the boundary table's, and for the
/// halting segment, which carries the run's footprint, the image and heap tables' as well. A verifier checks that all
/// sums of a run add up to zero.
/// </summary>
public sealed record MemoryClaim(uint Index, Ext3 Alpha, Ext3 Beta, Ext3[] Sums)
{
    /// <summary>The sum of this segment's sums.</summary>
    public Ext3 Total => Sums.Aggregate(Ext3.Zero, (a, s) => a + s);
}
