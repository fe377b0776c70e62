using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using AirTraceChecker = Wsc.Zk.Air.TraceChecker;

namespace Wsc.Zk.Tests.Vm;

/// <summary>
/// The memory plan of a real run: the segments' terms and the footprint's (its tables' traces, which satisfy their
/// AIR) cancel, so the bus across the run's proofs balances exactly when the memory chains through the segments.
/// </summary>
public sealed class MemoryPlanTests
{
    // A loop that reads, updates and writes a data word and a stack word, over several 2^6-cycle segments.
    private static uint[] Program()
    {
        const int T0 = 5, T1 = 6, A0 = 10, A1 = 11, Sp = 2;
        return
        [
            .. Asm.Li(T0, 40), .. Asm.Li(T1, 0x20000),
            Asm.Lw(A0, T1, 0),                  // loop: a0 = data word
            Asm.R(0, T0, A0, 0, A0, 0x33),      // add a0, a0, t0
            Asm.Sw(A0, T1, 0),                  // data word = a0
            Asm.Lw(A1, Sp, -4),
            Asm.R(0, A0, A1, 0, A1, 0x33),      // add a1, a1, a0
            Asm.Sw(A1, Sp, -4),                 // stack word += a0
            Asm.Addi(T0, T0, -1),
            Asm.B(-28, 0, T0, 1),               // bne t0, x0, loop
            .. Asm.Exit,
        ];
    }

    [Fact]
    public void The_segments_and_the_footprint_cancel_on_a_real_run()
    {
        var image = ProgramImage.FromElf(Asm.Elf(Program(), [1, 0, 0, 0]));
        var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = 6 }).Run([]);
        Assert.Null(run.Trap);
        var segments = run.Trace!.Segments;
        Assert.True(segments.Count >= 3, $"{segments.Count} segments");
        var plan = MemoryPlan.Of(image, segments);
        Assert.Contains(0x20000u, plan.ImageFinals.Keys);
        Assert.Contains(plan.HeapFinals, w => w.Address == image.Layout.MemoryTop - 4);

        var t = new Transcript("memory-plan-test");
        var (alpha, beta) = (t.DrawExt(), t.DrawExt());
        var imageTable = new MemoryImageTable(image, 0);
        var heapTable = new MemoryHeapTable(image.ImageEnd, 9);
        var (imageMain, sImage) = imageTable.Trace(plan.ImageFinals, alpha, beta);
        var (heapMain, sHeap) = heapTable.Trace(plan.HeapFinals, alpha, beta);
        var total = sImage + sHeap;
        for (int k = 0; k < segments.Count; k++) total += plan.SegmentSum(k, alpha, beta);
        Assert.True(total.IsZero);

        // The footprint's traces satisfy their AIR.
        var air = new Wsc.Zk.Air.AirSystem("memory-footprint", [imageTable, heapTable, new ByteTable()]);
        ulong[] pub = [alpha.A0, alpha.A1, alpha.A2, beta.A0, beta.A1, beta.A2, sImage.A0, sImage.A1, sImage.A2,
            alpha.A0, alpha.A1, alpha.A2, beta.A0, beta.A1, beta.A2, sHeap.A0, sHeap.A1, sHeap.A2];
        var traces = new[] { imageMain, heapMain, ByteTable.Multiplicities(air, [imageMain, heapMain, new ulong[6][]]) };
        Assert.Null(AirTraceChecker.Check(air, traces, pub));

        // A segment that claims a stale value for a word (the image's instead of the last write) breaks the balance.
        int late = Enumerable.Range(0, segments.Count).Last(k => plan.Segments[k].Any(r => r.Address == 0x20000 && r.Prev > 0));
        var rows = plan.Segments[late];
        int j = Array.FindIndex(rows, r => r.Address == 0x20000);
        var honest = plan.SegmentSum(late, alpha, beta);
        var stale = honest
            - CrossProofSum(false, rows[j].Address, rows[j].In, rows[j].Prev, alpha, beta)
            + CrossProofSum(false, rows[j].Address, 1, 0, alpha, beta);
        Assert.False((total - honest + stale).IsZero);
    }

    private static Ext3 CrossProofSum(bool send, uint a, uint v, uint seg, Ext3 alpha, Ext3 beta) =>
        Wsc.Zk.Air.CrossProofSum.Fraction(send, 1, a, v, seg, alpha, beta);
}
