using Wsc.Zk.Receipts;
using Wsc.Zk.Tests.Vm.Air;
using Wsc.Zk.Vm;

namespace Wsc.Zk.Tests.Receipts;

/// <summary>A run of several segments proven into one receipt; segments reordered, dropped or taken from another run are refused.</summary>
[Collection(ProofCollection.Name)]
public sealed class MultiSegmentReceiptTests
{
    [Fact]
    public void A_run_of_three_segments_is_proven_into_a_receipt_and_segments_cannot_be_reordered_dropped_swapped_or_start_past_the_entry()
    {
        var image = ReceiptPrograms.Counter(80);
        byte[] input = [1, 2];
        var segments = new List<SegmentProven>();
        var receipt = ReceiptProver.Prove(image, input, ReceiptPrograms.Options, segmentLog2: 8, segments.Add);
        Assert.Equal(3, receipt.Segments.Count);
        Assert.Equal([0, 1, 2], segments.Select(s => s.Index));
        var run = new Executor(image).Run(input);
        var v = Receipt.Verify(Receipt.Decode(receipt.Encode()), image, image.Id, ReceiptPrograms.Options);
        Assert.True(v.IsValid, v.Reason);
        Assert.Equal(run.Output, v.Facts!.Output);
        Assert.Equal(ReceiptPrograms.CounterOutput(80), v.Facts.Output);
        Assert.Equal((uint)run.ExitCode, v.Facts.ExitCode);
        Assert.Equal(80u + 0x0201, v.Facts.ExitCode);
        Assert.Equal(run.Cycles, v.Facts.Cycles);
        Assert.Equal(3, v.Facts.Segments);

        var s = receipt.Segments;
        var o = ReceiptPrograms.Options;
        Assert.False(Receipt.Verify(receipt with { Segments = [s[1], s[0], s[2]] }, image, null, o).IsValid);
        Assert.False(Receipt.Verify(receipt with { Segments = [s[0], s[2]] }, image, null, o).IsValid);
        Assert.False(Receipt.Verify(receipt with { Segments = [s[0], s[1]] }, image, null, o).IsValid);
        // The run without its first segment, claimed from the entry (cycles and output trimmed to match): segment 1's
        // proof is of a statement that starts where segment 0 ended, not at the entry.
        var headless = receipt with { Segments = [s[1], s[2]], Cycles = receipt.Cycles - s[0].Cycles, Output = receipt.Output[s[0].JournalLength..] };
        Assert.False(Receipt.Verify(headless, image, null, o).IsValid);
        // The middle segment of a run on another input (same program): its proof is of another statement.
        var other = ReceiptProver.Prove(image, [3, 2], o, segmentLog2: 8);
        var swapped = Receipt.Verify(receipt with { Segments = [s[0], other.Segments[1], s[2]] }, image, null, o);
        Assert.False(swapped.IsValid);
        // Its proof under this run's statement for segment 1 (the boundary fields of this run): the proof does not verify.
        var proofSwapped = Receipt.Verify(receipt with { Segments = [s[0], s[1] with { Proof = other.Segments[1].Proof }, s[2]] }, image, null, o);
        Assert.StartsWith("segment 1:", proofSwapped.Reason);
    }
}
