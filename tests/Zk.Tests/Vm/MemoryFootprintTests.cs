using Wsc.Zk.Air;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;
using Wsc.Zk.Tests.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using AirTraceChecker = Wsc.Zk.Air.TraceChecker;

namespace Wsc.Zk.Tests.Vm;

/// <summary>
/// The footprint proof of the memory design (docs/zkvm.md): every touched word once, with its initial value from the
/// image or zero and its final value, on the bus across the run's proofs. With the segments' terms (computed here
/// directly) everything cancels; a word listed twice or an image word passed off as zero-initialised is refused.
/// </summary>
public sealed class MemoryFootprintTests
{
    private static readonly ProofOptions Options = StarkExamplesTests.TestOptions;

    private static readonly ProgramImage Image = ProgramImage.FromElf(Asm.Elf([.. Asm.Exit], [1, 2, 3, 4, 5, 6, 7, 8]));

    private static (Ext3 Alpha, Ext3 Beta) Challenges(int seed)
    {
        var t = new Transcript("memory-footprint-test");
        t.AbsorbU64((ulong)seed);
        return (t.DrawExt(), t.DrawExt());
    }

    private static (AirSystem Air, MemoryImageTable ImageTable, MemoryHeapTable Heap) System()
    {
        var image = new MemoryImageTable(Image, 0);
        var heap = new MemoryHeapTable(Image.ImageEnd, 9);
        return (new AirSystem("memory-footprint", [image, heap, new ByteTable()]), image, heap);
    }

    private static ulong[] Public(Ext3 alpha, Ext3 beta, Ext3 sImage, Ext3 sHeap) =>
        [alpha.A0, alpha.A1, alpha.A2, beta.A0, beta.A1, beta.A2, sImage.A0, sImage.A1, sImage.A2,
         alpha.A0, alpha.A1, alpha.A2, beta.A0, beta.A1, beta.A2, sHeap.A0, sHeap.A1, sHeap.A2];

    private static ulong[][][] Traces(AirSystem air, ulong[][] image, ulong[][] heap)
    {
        var byteMain = ByteTable.Multiplicities(air, [image, heap, new ulong[6][]]);
        return [image, heap, byteMain];
    }

    private static VerificationResult Verify(AirSystem air, ulong[] pub, byte[] proof) =>
        StarkVerifier.Verify(air, VerifyingKey.Create(air, [.. air.Tables.Select(t => t.FixedLogHeight is { } f ? HeightRange.Exactly(f) : new HeightRange(1, 16))], Options), pub, proof);

    // A run of two segments: the data word at 0x20000 read by segment 1 and rewritten by segment 2; a heap word written
    // by segment 1; a stack word written by segment 1 and again by segment 2.
    private const uint Data = 0x20000, HeapWord = 0x21000, StackWord = 0x00ff_fffc;

    /// <summary>Every (address, value, segment) step of each touched word: value 0 at segment 0 is its initial value.</summary>
    private static readonly (uint Address, (uint Value, uint Segment)[] Steps)[] Run =
    [
        (Data, [(0x04030201, 0), (0x04030201, 1), (77, 2)]),
        (HeapWord, [(0, 0), (5, 1)]),
        (StackWord, [(0, 0), (9, 1), (10, 2)]),
    ];

    /// <summary>What the segments add: each segment receives the word's previous step and sends its own.</summary>
    private static Ext3 SegmentsSum(Ext3 alpha, Ext3 beta)
    {
        var s = Ext3.Zero;
        foreach (var (address, steps) in Run)
        {
            for (int k = 1; k < steps.Length; k++)
            {
                s += CrossProofSum.Fraction(false, 1, address, steps[k - 1].Value, steps[k - 1].Segment, alpha, beta);
                s += CrossProofSum.Fraction(true, 1, address, steps[k].Value, steps[k].Segment, alpha, beta);
            }
        }
        return s;
    }

    /// <summary>A forged heap table with its sum refilled (what the forger claims): the AIR objects, and a proof of it is refused.</summary>
    private static void AssertForgedHeapRefused(AirSystem air, MemoryHeapTable heap, ulong[][] imageMain, Ext3 sImage, ulong[][] heapMain, Ext3 alpha, Ext3 beta)
    {
        var sHeap = heap.Sum.Fill(heapMain, alpha, beta);
        var traces = Traces(air, imageMain, heapMain);
        var pub = Public(alpha, beta, sImage, sHeap);
        Assert.NotNull(AirTraceChecker.Check(air, traces, pub));
        Assert.False(Verify(air, pub, MaliciousProver.Prove(air, traces, pub, Options)).IsValid);
    }

    [Fact]
    public void The_footprint_proof_verifies_and_cancels_the_segments_terms()
    {
        var (air, imageTable, heap) = System();
        var (alpha, beta) = Challenges(1);
        var finals = new Dictionary<uint, (uint, uint)> { [Data] = (77, 2) };
        var (imageMain, sImage) = imageTable.Trace(finals, alpha, beta);
        var (heapMain, sHeap) = heap.Trace([(HeapWord, 5, 1), (StackWord, 10, 2)], alpha, beta);
        var traces = Traces(air, imageMain, heapMain);
        var pub = Public(alpha, beta, sImage, sHeap);
        Assert.Null(AirTraceChecker.Check(air, traces, pub));
        var proof = StarkProver.Prove(air, traces, pub, Options);
        var r = Verify(air, pub, proof.Encode());
        Assert.True(r.IsValid, r.Reason);
        Assert.True((sImage + sHeap + SegmentsSum(alpha, beta)).IsZero);
        // A final value the segments did not leave breaks the cancellation (the proof itself is valid).
        var (_, wrongImage) = imageTable.Trace(new Dictionary<uint, (uint, uint)> { [Data] = (78, 2) }, alpha, beta);
        Assert.False((wrongImage + sHeap + SegmentsSum(alpha, beta)).IsZero);
    }

    [Fact]
    public void A_heap_word_listed_twice_is_refused()
    {
        // Listing a word twice would let the footprint send two initial values (so a segment could read a stale one).
        var (air, imageTable, heap) = System();
        var (alpha, beta) = Challenges(2);
        var (imageMain, sImage) = imageTable.Trace(new Dictionary<uint, (uint, uint)>(), alpha, beta);
        Assert.Throws<ArgumentException>(() => heap.Trace([(HeapWord, 5, 1), (HeapWord, 6, 2)], alpha, beta));
        // The malicious prover builds the rows itself: the address difference minus one has no 16-bit limbs.
        var (heapMain, _) = heap.Trace([(HeapWord, 5, 1), (StackWord, 10, 2)], alpha, beta);
        heapMain[MemoryHeapTable.Address][1] = HeapWord;
        heapMain[MemoryHeapTable.GapLo][1] = heapMain[MemoryHeapTable.GapLo][0];
        heapMain[MemoryHeapTable.GapHi][1] = heapMain[MemoryHeapTable.GapHi][0];
        AssertForgedHeapRefused(air, heap, imageMain, sImage, heapMain, alpha, beta);
    }

    [Fact]
    public void An_image_word_passed_off_as_zero_initialised_is_refused()
    {
        // The data word listed among heap words (initial value 0 instead of the image's): below ImageEnd, so the gap
        // has no 16-bit limbs.
        var (air, imageTable, heap) = System();
        var (alpha, beta) = Challenges(3);
        var (imageMain, sImage) = imageTable.Trace(new Dictionary<uint, (uint, uint)>(), alpha, beta);
        Assert.Throws<ArgumentException>(() => heap.Trace([(Data, 77, 2)], alpha, beta));
        var (heapMain, _) = heap.Trace([(HeapWord, 77, 2)], alpha, beta);
        heapMain[MemoryHeapTable.Address][0] = Data;
        AssertForgedHeapRefused(air, heap, imageMain, sImage, heapMain, alpha, beta);
    }

    [Fact]
    public void A_heap_row_real_on_the_last_row_is_refused()
    {
        // The last row's gate must be zero, or its term would be left out of the sum the last row pins.
        var (air, imageTable, heap) = System();
        var (alpha, beta) = Challenges(4);
        var (imageMain, sImage) = imageTable.Trace(new Dictionary<uint, (uint, uint)>(), alpha, beta);
        var (heapMain, _) = heap.Trace([(HeapWord, 5, 1)], alpha, beta);
        int last = heapMain[0].Length - 1;
        heapMain[MemoryHeapTable.Address][last] = StackWord;
        heapMain[MemoryHeapTable.Final][last] = 10;
        heapMain[MemoryHeapTable.Last][last] = 2;
        heapMain[MemoryHeapTable.Real][last] = 1;
        heapMain[MemoryHeapTable.GapLo][last] = (StackWord - Image.ImageEnd) & 0xffff;
        heapMain[MemoryHeapTable.GapHi][last] = (StackWord - Image.ImageEnd) >> 16;
        AssertForgedHeapRefused(air, heap, imageMain, sImage, heapMain, alpha, beta);
    }
}
