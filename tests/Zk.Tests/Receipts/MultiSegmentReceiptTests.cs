using Wsc.Zk.Receipts;
using Wsc.Zk.Tests.Vm.Air;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

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
        // Its proof under this run's statement for segment 1: its statement root is the other run's, so the memory
        // challenges drawn from the roots change and the proofs made under this run's do not verify under them.
        var proofSwapped = Receipt.Verify(receipt with { Segments = [s[0], s[1] with { Proof = other.Segments[1].Proof }, s[2]] }, image, null, o);
        Assert.False(proofSwapped.IsValid);
        Assert.StartsWith("segment ", proofSwapped.Reason);
    }

    [Fact]
    public void Memory_sums_that_do_not_cancel_or_that_cancel_but_are_not_the_proofs_are_refused()
    {
        var image = ReceiptPrograms.Counter(80);
        var o = ReceiptPrograms.Options;
        var receipt = ReceiptProver.Prove(image, [1, 2], o, segmentLog2: 8);
        var s = receipt.Segments;
        Assert.Equal([1, 1, 3], s.Select(x => x.MemorySums.Length));
        var one = Ext3.One;
        var changed = Receipt.Verify(receipt with { Segments = [s[0], s[1] with { MemorySums = [s[1].MemorySums[0] + one] }, s[2]] }, image, null, o);
        Assert.Contains("do not cancel", changed.Reason);
        // Moved between two segments, the sums still cancel: each proof pins its own sum, so segment 0's refuses.
        var moved = Receipt.Verify(receipt with { Segments = [s[0] with { MemorySums = [s[0].MemorySums[0] + one] }, s[1] with { MemorySums = [s[1].MemorySums[0] - one] }, s[2]] }, image, null, o);
        Assert.StartsWith("segment 0:", moved.Reason);
        // The footprint's sums belong to the last segment alone.
        var footprint = Receipt.Verify(receipt with { Segments = [s[0], s[1], s[2] with { MemorySums = [s[2].MemorySums[0], s[2].MemorySums[2], s[2].MemorySums[1]] }] }, image, null, o);
        Assert.False(footprint.IsValid);
        // A last segment without the footprint's tables (a non-last segment's proof in its place) is refused by shape.
        var noFootprint = Receipt.Verify(receipt with { Segments = [s[0], s[1], s[2] with { Proof = s[1].Proof }] }, image, null, o);
        Assert.Contains("footprint", noFootprint.Reason);
    }

    /// <summary>
    /// Writes 5 to a word, runs past the segment boundary, then writes 7 to it and reads it back. Segment 2's first access
    /// to the word is the store, so a forger can claim the word held its initial 0 there (a stale read of segment 1's 5)
    /// with a trace that satisfies every constraint of segment 2's AIR.
    /// </summary>
    private static ProgramImage StoreAcrossSegments() => ProgramImage.FromElf(Elf(
    [
        .. Li(T0, Word), Addi(T1, 0, 5), Sw(T1, T0, 0),
        Addi(T2, 0, 150), Addi(T2, T2, -1), Bne(T2, 0, -4),
        Addi(T1, 0, 7), Sw(T1, T0, 0), Lw(A0, T0, 0), .. Exit,
    ]));

    private const uint Word = 0x20000;

    [Fact]
    public void A_segment_that_reads_a_stale_word_is_refused_although_every_segment_proof_verifies()
    {
        var image = StoreAcrossSegments();
        var o = ReceiptPrograms.Options;
        Receipt Prove(bool forge)
        {
            var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = 8 }).Run([]);
            Assert.True(run.Exited, run.Trap?.Message);
            var segments = run.Trace!.Segments;
            Assert.Equal(2, segments.Count);
            if (forge)
            {
                // Segment 2 claims the word came in as 0 (its initial value), and its store found 0 there.
                var seg = segments[1];
                int j = Array.FindIndex(seg.MemoryIn, m => m.Address == Word);
                Assert.Equal(5u, seg.MemoryIn[j].Value);
                seg.MemoryIn[j] = new MemoryWord(Word, 0);
                int i = Array.IndexOf(seg.MemAddress, Word);
                Assert.Equal(5u, seg.MemBefore[i]);
                Assert.Equal(7u, seg.MemAfter[i]);
                seg.MemBefore[i] = 0;
            }
            var memory = RunMemory.Of(image, run, o);
            var proven = new SegmentReceipt[segments.Count];
            for (int k = 0; k < segments.Count; k++)
            {
                var w = VmAir.Build(image, segments[k], [], run.Output, 0, 0, memory, k);
                // The forged segment is a true statement of its own AIR: only the bus across the proofs can object.
                Assert.Null(Wsc.Zk.Air.TraceChecker.Check(w.System, w.Traces, w.PublicInputs));
                var proof = StarkProver.Prove(w.System, w.Traces, w.PublicInputs, o).Encode();
                Assert.True(VmProving.Verify(image, w.Boundary, w.PublicInputs, proof, w).IsValid);
                proven[k] = SegmentProver.Proven(k, w.Boundary, proof).Receipt;
            }
            return new Receipt(run.ImageId, run.InputDigest, [], run.Output, (uint)run.ExitCode, run.Cycles, o, proven);
        }
        var honest = Receipt.Verify(Prove(false), image, null, o);
        Assert.True(honest.IsValid, honest.Reason);
        Assert.Equal(7u, honest.Facts!.ExitCode);
        var stale = Receipt.Verify(Prove(true), image, null, o);
        Assert.False(stale.IsValid);
        Assert.Contains("do not cancel", stale.Reason);
    }

    /// <summary>
    /// A forger's whole pipeline: honest witnesses of StoreAcrossSegments, `forge` edits their memory rows, then the
    /// challenges are drawn again from the forged statement roots (as the verifier will), every sum is refilled under
    /// them and every segment proven. Each forged segment must satisfy its own AIR (asserted), so only the bus across
    /// the proofs stands between the forgery and a valid receipt.
    /// </summary>
    private static Receipt ProveForged(Action<SegmentWitness[]> forge)
    {
        var image = StoreAcrossSegments();
        var o = ReceiptPrograms.Options;
        var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = 8 }).Run([]);
        var ws = VmAir.Build(image, run, [], o);
        forge(ws);
        var bound = ws.Select(w => MemoryChallenge.Bind(w.System, [.. w.Traces.Select(t => System.Numerics.BitOperations.Log2((uint)t[0].Length))],
            StarkProver.StatementRoot(w.System, w.Traces, o)!)).ToArray();
        var (alpha, beta) = MemoryChallenge.Derive(run.ImageId, run.InputDigest, bound);
        var segments = new SegmentReceipt[ws.Length];
        for (int k = 0; k < ws.Length; k++)
        {
            var w = ws[k];
            var sums = new List<Ext3> { MemoryBoundaryTable.Sum.Fill(w.Traces[VmAir.BoundaryIndex], alpha, beta) };
            for (int t = VmAir.MemoryImageIndex(w.Boundary.Keccak); t < w.Traces.Length; t++)
            {
                var table = w.System.Tables[t];
                var prep = table.GeneratePreprocessed(w.Traces[t][0].Length);
                ulong[][] frame = [.. prep, .. w.Traces[t]];
                sums.Add(table is MemoryImageTable image1 ? image1.Sum.Fill(frame, alpha, beta) : ((MemoryHeapTable)table).Sum.Fill(frame, alpha, beta));
            }
            var claim = w.Boundary with { Memory = new MemoryClaim((uint)k + 1, alpha, beta, [.. sums]) };
            var pub = claim.PublicInputs();
            Assert.Null(Wsc.Zk.Air.TraceChecker.Check(w.System, w.Traces, pub));
            segments[k] = SegmentProver.Proven(k, claim, StarkProver.Prove(w.System, w.Traces, pub, o).Encode()).Receipt;
        }
        return new Receipt(run.ImageId, run.InputDigest, [], run.Output, (uint)run.ExitCode, run.Cycles, o, segments);
    }

    private static int RowOf(ulong[][] boundary, uint address) =>
        Enumerable.Range(0, boundary[0].Length).First(r => boundary[MemoryBoundaryTable.Ram][r] == 1 && boundary[MemoryBoundaryTable.Address][r] == address);

    [Fact]
    public void The_forgers_pipeline_unforged_gives_a_valid_receipt()
    {
        var v = Receipt.Verify(ProveForged(_ => { }), StoreAcrossSegments(), null, ReceiptPrograms.Options);
        Assert.True(v.IsValid, v.Reason);
    }

    [Fact]
    public void A_word_claimed_from_a_segment_number_that_wraps_the_field_is_refused()
    {
        // prev = p − 1 passes the one-limb range check (2 − (p − 1) − 1 = 2 mod p): no segment sends label p − 1.
        var forged = ProveForged(ws =>
        {
            var b = ws[1].Traces[VmAir.BoundaryIndex];
            int r = RowOf(b, Word);
            b[MemoryBoundaryTable.Prev][r] = Goldilocks.P - 1;
            b[MemoryBoundaryTable.Diff][r] = b[MemoryBoundaryTable.SegIndex][r];
            Forgeries.Recount(ws[1]);
        });
        var v = Receipt.Verify(forged, StoreAcrossSegments(), null, ReceiptPrograms.Options);
        Assert.Contains("do not cancel", v.Reason);
    }

    [Fact]
    public void A_word_listed_twice_in_a_segment_is_refused()
    {
        // A second row for the word, untouched in the segment (in = out, final timestamp 0): the segment's own memory
        // bus balances, but the run's bus gets a second record for the word that nothing sent.
        var forged = ProveForged(ws =>
        {
            var b = ws[1].Traces[VmAir.BoundaryIndex];
            int r = RowOf(b, Word), spare = Enumerable.Range(0, b[0].Length).First(i => b[MemoryBoundaryTable.Reg][i] == 0 && b[MemoryBoundaryTable.Ram][i] == 0);
            Assert.True(spare < b[0].Length - 1);
            foreach (int c in (int[])[MemoryBoundaryTable.Ram, MemoryBoundaryTable.Address, MemoryBoundaryTable.ValueIn, MemoryBoundaryTable.Prev, MemoryBoundaryTable.Diff])
                b[c][spare] = b[c][r];
            b[MemoryBoundaryTable.ValueOut][spare] = b[MemoryBoundaryTable.ValueIn][r];
            b[MemoryBoundaryTable.FinalTs][spare] = 0;
        });
        var v = Receipt.Verify(forged, StoreAcrossSegments(), null, ReceiptPrograms.Options);
        Assert.Contains("do not cancel", v.Reason);
    }
}
