using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>Segment statements join into one run only in order, complete, from the entry, with consistent state.</summary>
public sealed class SegmentChainTests
{
    private static (ProgramImage Image, SegmentBoundary[] Segments) Honest()
    {
        var (image, result) = VmProving.Run(VmAirProgramTests.Loop(60), segmentLog2: 7);
        var boundaries = VmProving.Witnesses(image, result).Select(w => w.Boundary).ToArray();
        Assert.True(boundaries.Length >= 3);
        Assert.Null(SegmentChain.Check(image, boundaries));
        return (image, boundaries);
    }

    [Fact]
    public void Reordered_dropped_or_foreign_segments_are_refused()
    {
        var (image, s) = Honest();
        Assert.Contains("starts at", SegmentChain.Check(image, [s[0], s[2], s[1], .. s[3..]]));
        Assert.Contains("starts at", SegmentChain.Check(image, [s[0], .. s[2..]]));
        Assert.Contains("does not halt", SegmentChain.Check(image, s[..^1]));
        Assert.Contains("segment 0 starts at", SegmentChain.Check(image, s[1..]));

        // A segment of another run (same code, one more iteration) does not continue this one.
        var (otherImage, otherRun) = VmProving.Run(VmAirProgramTests.Loop(61), segmentLog2: 7);
        var foreign = VmProving.Witnesses(otherImage, otherRun).Select(w => w.Boundary).ToArray();
        Assert.Contains("other registers", SegmentChain.Check(image, [s[0], foreign[1], .. s[2..]]));
    }

    [Fact]
    public void State_that_does_not_carry_over_is_refused()
    {
        var (image, s) = Honest();
        var regs = (uint[])s[1].StartRegisters.Clone();
        regs[5] ^= 1;
        Assert.Contains("other registers", SegmentChain.Check(image, [s[0], s[1] with { StartRegisters = regs }, .. s[2..]]));

        // Memory: a segment's sum that is not its words' (as if it read a stale value) leaves the run's sums uncancelled;
        // a segment numbered out of place or under another run's challenges is refused.
        var m = s[2].Memory;
        Assert.Contains("do not cancel", SegmentChain.Check(image, [s[0], s[1], s[2] with { Memory = m with { Sums = [m.Sums[0] + Wsc.Zk.Field.Ext3.One] } }, .. s[3..]]));
        Assert.Contains("numbered", SegmentChain.Check(image, [s[0], s[1], s[2] with { Memory = m with { Index = 2 } }, .. s[3..]]));
        Assert.Contains("other memory challenges", SegmentChain.Check(image, [s[0], s[1], s[2] with { Memory = m with { Beta = m.Beta + Wsc.Zk.Field.Ext3.One } }, .. s[3..]]));

        Assert.Contains("halts but is not the last", SegmentChain.Check(image, [s[0] with { Halted = true, Memory = s[0].Memory with { Sums = [.. s[0].Memory.Sums, Wsc.Zk.Field.Ext3.Zero, Wsc.Zk.Field.Ext3.Zero] } }, .. s[1..]]));
        Assert.Contains("another input", SegmentChain.Check(image, [s[0], s[1] with { Input = [1] }, .. s[2..]]));
        var entryRegs = (uint[])s[0].StartRegisters.Clone();
        entryRegs[2] = 0;
        Assert.Contains("x2", SegmentChain.Check(image, [s[0] with { StartRegisters = entryRegs }, .. s[1..]]));
    }
}
