using Wsc.Zk.Receipts;
using Wsc.Zk.Tests.Vm.Air;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Receipts;

/// <summary>Segments proven one at a time (as on different silos), checked alone, encoded, and assembled into a receipt that verifies.</summary>
[Collection(ProofCollection.Name)]
public sealed class SegmentProverTests
{
    [Fact]
    public void Segments_proven_separately_verify_alone_round_trip_and_assemble_into_a_valid_receipt()
    {
        var image = ReceiptPrograms.Counter(80);
        byte[] input = [1, 2];
        var o = ReceiptPrograms.Options;
        var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = 8 }).Run(input);
        var memory = RunMemory.Of(image, run, o);
        var proven = Enumerable.Range(0, 3).Select(k => ProvenSegment.Decode(SegmentProver.Prove(image, input, o, 8, k).Encode())).ToArray();
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(k, proven[k].Index);
            Assert.Null(SegmentVerifier.Verify(image, input, run.Output, proven[k], k == 2, (uint)run.ExitCode, memory, o));
        }
        // Stream positions from the ECALLs before each segment are where the previous segment stopped.
        Assert.Equal(proven[0].Receipt.InputEnd, proven[1].InputStart);
        Assert.Equal((uint)(proven[0].Receipt.JournalLength + proven[1].Receipt.JournalLength), proven[2].OutputStart);

        var receipt = SegmentVerifier.Assemble(run.ImageId, run.InputDigest, input, run.Output, (uint)run.ExitCode, run.Cycles, o, proven);
        var v = Receipt.Verify(Receipt.Decode(receipt.Encode()), image, image.Id, o);
        Assert.True(v.IsValid, v.Reason);
        Assert.Equal(ReceiptPrograms.CounterOutput(80), v.Facts!.Output);

        Assert.Throws<ArgumentException>(() => SegmentVerifier.Assemble(run.ImageId, run.InputDigest, input, run.Output, (uint)run.ExitCode, run.Cycles, o, [proven[0], proven[2], proven[1]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentProver.Prove(image, input, o, 8, 3));
    }

    [Fact]
    public void A_tampered_segment_proof_or_claim_is_refused_alone_with_the_segment_named()
    {
        var image = ReceiptPrograms.Counter(40);
        byte[] input = [3];
        var o = ReceiptPrograms.Options;
        var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = 8 }).Run(input);
        var memory = RunMemory.Of(image, run, o);
        var p = SegmentProver.Prove(image, input, o, 8, 1);
        var proof = (byte[])p.Receipt.Proof.Clone();
        proof[^30] ^= 1;
        Assert.StartsWith("segment 1:", SegmentVerifier.Verify(image, input, run.Output, p with { Receipt = p.Receipt with { Proof = proof } }, true, (uint)run.ExitCode, memory, o));
        Assert.NotNull(SegmentVerifier.Verify(image, input, run.Output, p with { StartPc = p.StartPc + 4 }, true, (uint)run.ExitCode, memory, o));
        Assert.NotNull(SegmentVerifier.Verify(image, input, run.Output, p, true, (uint)run.ExitCode + 1, memory, o));
        // The segment's statement holds the input's length and the bytes it reads (segment 1 reads none: a different
        // byte outside its slice is another statement only at the receipt, whose digest binds the whole input).
        Assert.NotNull(SegmentVerifier.Verify(image, [3, 0], run.Output, p, true, (uint)run.ExitCode, memory, o));
        var other = run.Output.ToArray();
        other[^1] ^= 1;
        Assert.NotNull(SegmentVerifier.Verify(image, input, other, p, true, (uint)run.ExitCode, memory, o));
    }

    [Fact]
    public void The_segment_decoder_refuses_truncation_trailing_bytes_and_bad_magic_with_one_line()
    {
        var image = ReceiptPrograms.Counter(4);
        var bytes = SegmentProver.Prove(image, [], ReceiptPrograms.Options, 8, 0).Encode();
        Assert.Equal(bytes, ProvenSegment.Decode(bytes).Encode());
        Assert.Contains("proof length", Assert.Throws<FormatException>(() => ProvenSegment.Decode([.. bytes, 0])).Message);
        Assert.Throws<FormatException>(() => ProvenSegment.Decode(bytes.AsSpan(0, 100)));
        var bad = (byte[])bytes.Clone();
        bad[0] = (byte)'X';
        Assert.Equal("proven segment: bad magic (not a wsc segment)", Assert.Throws<FormatException>(() => ProvenSegment.Decode(bad)).Message);
    }
}
