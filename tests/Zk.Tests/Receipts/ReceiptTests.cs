using System.Diagnostics;
using Wsc.Zk.Receipts;
using Wsc.Zk.Stark;
using Wsc.Zk.Tests.Vm.Air;
using Wsc.Zk.Vm;
using Xunit.Abstractions;

namespace Wsc.Zk.Tests.Receipts;

/// <summary>Receipts: proven end to end, verified with the verifier alone, tampered, and mutated byte by byte.</summary>
[Collection(ProofCollection.Name)]
public sealed class ReceiptTests(ITestOutputHelper output)
{
    private static readonly byte[] Input = [7, 0, 0, 0];

    private static readonly Lazy<(ProgramImage Image, Receipt Receipt)> Small = new(() =>
    {
        var image = ReceiptPrograms.Counter(5);
        return (image, ReceiptPrograms.Prove(image, Input, segmentLog2: 10));
    });

    [Fact]
    public void A_one_segment_receipt_round_trips_and_verifies_with_the_facts_of_the_run()
    {
        var (image, receipt) = Small.Value;
        var decoded = Receipt.Decode(receipt.Encode());
        Assert.Equal(receipt.Encode(), decoded.Encode());
        var v = Receipt.Verify(decoded, image, image.Id, ReceiptPrograms.Options);
        Assert.True(v.IsValid, v.Reason);
        var facts = v.Facts!;
        Assert.Equal(image.Id, facts.ImageId);
        Assert.Equal(ReceiptPrograms.CounterOutput(5), facts.Output);
        Assert.Equal(5u + 7, facts.ExitCode);
        Assert.Equal(1, facts.Segments);
        var run = new Executor(image).Run(Input);
        Assert.Equal(run.Cycles, facts.Cycles);
        Assert.Equal(run.InputDigest, facts.InputDigest);
        Assert.Equal(run.Output, facts.Output);
        Assert.True(facts.SecurityBits > 0);
    }

    [Fact]
    public void A_receipt_does_not_verify_for_another_program_image_id_or_options()
    {
        var (image, receipt) = Small.Value;
        var other = ReceiptPrograms.Counter(6);
        Assert.Contains("the program given is", Receipt.Verify(receipt, other, null, ReceiptPrograms.Options).Reason);
        Assert.Contains("expected", Receipt.Verify(receipt, image, other.Id, ReceiptPrograms.Options).Reason);
        Assert.Contains("this verifier requires", Receipt.Verify(receipt, image).Reason);
    }

    [Fact]
    public void Claims_that_differ_from_the_proven_run_are_rejected()
    {
        var (image, r) = Small.Value;
        var o = ReceiptPrograms.Options;
        Assert.False(Receipt.Verify(r with { ExitCode = r.ExitCode + 1 }, image, null, o).IsValid);
        Assert.Contains("claims", Receipt.Verify(r with { Cycles = r.Cycles + 1 }, image, null, o).Reason);
        var outBytes = (byte[])r.Output.Clone();
        outBytes[2] ^= 1;
        Assert.False(Receipt.Verify(r with { Output = outBytes }, image, null, o).IsValid);
        Assert.Contains("output", Receipt.Verify(r with { Output = [.. r.Output, 1] }, image, null, o).Reason);
        // Another input with its own digest: the proof's input table is built from it, so the reads no longer match.
        byte[] input = [8, 0, 0, 0];
        var digest = new byte[32];
        image.Hasher.Hash(input, digest);
        Assert.False(Receipt.Verify(r with { Input = input, InputDigest = digest }, image, null, o).IsValid);
        Assert.Contains("input digest", Receipt.Verify(r with { Input = input }, image, null, o).Reason);
    }

    [Fact]
    public void A_receipt_of_more_segments_than_the_memory_bus_numbers_is_refused_in_one_line_before_any_proof()
    {
        // A word's previous segment is one 16-bit limb back: 2^16 segments at most. The count is checked before any
        // proof is decoded (these "proofs" are a byte each).
        var (image, r) = Small.Value;
        var segment = r.Segments[0] with { Proof = [1], MemorySums = [Wsc.Zk.Field.Ext3.Zero] };
        var many = r with { Segments = [.. Enumerable.Repeat(segment, Wsc.Zk.Vm.Air.MemoryBoundaryTable.MaxSegments + 1)] };
        var v = Receipt.Verify(many, image, null, ReceiptPrograms.Options);
        Assert.False(v.IsValid);
        Assert.Equal("the receipt has 65537 segments, at most 65536 are provable", v.Reason);
    }

    [Fact]
    public void A_run_that_traps_gets_no_receipt()
    {
        var image = ProgramImage.FromElf(Vm.Asm.Elf([Vm.Asm.Lw(5, 0, 0), .. Vm.Asm.Exit]));
        var e = Assert.Throws<InvalidOperationException>(() => ReceiptProver.Prove(image, [], ReceiptPrograms.Options, 10));
        Assert.Contains("trapped", e.Message);
    }

    [Fact]
    public void The_decoder_refuses_bad_magic_version_lengths_and_trailing_bytes_in_one_line()
    {
        var bytes = Small.Value.Receipt.Encode();
        string Refusal(byte[] b)
        {
            var e = Assert.Throws<FormatException>(() => Receipt.Decode(b));
            Assert.DoesNotContain('\n', e.Message);
            return e.Message;
        }
        var bad = (byte[])bytes.Clone();
        bad[0] ^= 1;
        Assert.Contains("magic", Refusal(bad));
        bad = (byte[])bytes.Clone();
        bad[4] = 1; // version 1 carried the per-height Merkle trees of STARK format 3
        Assert.Contains("version 1", Refusal(bad));
        bad[4] = 2; // version 2 carried STARK format 4 (no statement commitment)
        Assert.Contains("version 2", Refusal(bad));
        Assert.Contains("trailing", Refusal([.. bytes, 0]));
        Assert.Contains("truncated", Refusal(bytes[..^1]));
        Assert.Contains("magic", Refusal(bytes[..3]));
        Assert.Contains("truncated in version", Refusal(bytes[..5]));
        bad = (byte[])bytes.Clone();
        bad[4 + 2 + 64 + 20 + 3] = 0x7f; // the input length
        Assert.Contains("truncated in input", Refusal(bad));
    }

    [Fact]
    public void Ten_thousand_single_byte_mutations_of_a_receipt_are_all_rejected()
    {
        var (image, receipt) = Small.Value;
        var bytes = receipt.Encode();
        var verifier = new ReceiptVerifier(ReceiptPrograms.Options);
        Assert.True(verifier.Verify(receipt, image).IsValid);
        var rng = new Random(11);
        int decoderRejected = 0, verifierRejected = 0;
        var decodeTime = new Stopwatch();
        var verifyTime = new Stopwatch();
        // 10,000 random positions (mostly in the proof, which is most of the receipt), then every byte before the proof
        // once, so each header and statement field is mutated too.
        int proofStart = bytes.Length - receipt.Segments[0].Proof.Length;
        int total = 10_000 + proofStart;
        for (int i = 0; i < total; i++)
        {
            var m = (byte[])bytes.Clone();
            int at = i < 10_000 ? rng.Next(m.Length) : i - 10_000;
            m[at] ^= (byte)rng.Next(1, 256);
            decodeTime.Start();
            Receipt decoded;
            try
            {
                decoded = Receipt.Decode(m);
            }
            catch (FormatException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                decoderRejected++;
                continue;
            }
            finally
            {
                decodeTime.Stop();
            }
            verifyTime.Start();
            var v = verifier.Verify(decoded, image);
            verifyTime.Stop();
            Assert.False(v.IsValid, $"a mutation at byte {at} of {m.Length} verified");
            Assert.DoesNotContain('\n', v.Reason);
            verifierRejected++;
        }
        output.WriteLine($"{bytes.Length}-byte receipt: {decoderRejected} mutations refused by the decoder ({decodeTime.Elapsed.TotalMilliseconds:F0} ms in all), "
            + $"{verifierRejected} by the verifier ({verifyTime.Elapsed.TotalMilliseconds:F0} ms, {verifyTime.Elapsed.TotalMilliseconds / Math.Max(1, verifierRejected):F2} ms each)");
        Assert.Equal(total, decoderRejected + verifierRejected);
    }
}
