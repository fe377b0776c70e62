using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Receipts;

/// <summary>
/// Verifies receipts at fixed proof options. Rebuilds every segment's statement from the image, the receipt's facts and
/// the previous segment's end (the first starts at the entry with the image's memory, only the last halts, with the
/// receipt's exit code), joins them with <see cref="SegmentChain"/>, and verifies each proof against the system
/// <see cref="VmAir.System"/> builds for the image, the statement entering as public inputs. The verifying key depends on
/// the image alone and is cached, so one instance checking many receipts of one program commits its program table once.
/// </summary>
public sealed class ReceiptVerifier(ProofOptions options)
{
    private const int MaxCachedKeys = 64;
    private readonly Dictionary<string, (Wsc.Zk.Air.AirSystem, VerifyingKey)> _keys = [];

    public ProofOptions Options { get; } = options;

    public ReceiptVerification Verify(Receipt receipt, ProgramImage image, ImageId? expectedImageId = null)
    {
        try
        {
            return VerifyUnguarded(receipt, image, expectedImageId);
        }
        catch (Exception e) when (e is ProofFormatException or ArgumentException or FormatException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return ReceiptVerification.Invalid(OneLine(e.Message));
        }
    }

    private ReceiptVerification VerifyUnguarded(Receipt receipt, ProgramImage image, ImageId? expectedImageId)
    {
        if (receipt.ImageId != image.Id) return ReceiptVerification.Invalid($"the receipt is for image {receipt.ImageId}, the program given is {image.Id}");
        if (expectedImageId is { } expected && receipt.ImageId != expected) return ReceiptVerification.Invalid($"the receipt is for image {receipt.ImageId}, expected {expected}");
        if (receipt.Options != Options) return ReceiptVerification.Invalid($"the receipt was proven with {receipt.Options}, this verifier requires {Options}");
        var digest = new byte[32];
        image.Hasher.Hash(receipt.Input, digest);
        if (!digest.AsSpan().SequenceEqual(receipt.InputDigest)) return ReceiptVerification.Invalid("the input digest is not the hash of the receipt's input");
        if (receipt.Segments.Count == 0) return ReceiptVerification.Invalid("the receipt has no segments");
        if (receipt.Segments.Count > MemoryBoundaryTable.MaxSegments) return ReceiptVerification.Invalid($"the receipt has {receipt.Segments.Count} segments, at most {MemoryBoundaryTable.MaxSegments} are provable");

        // Every proof first: the memory challenges are drawn from all their statement roots.
        var proofs = new StarkProof[receipt.Segments.Count];
        var shapes = new (bool Keccak, bool Footprint)[proofs.Length];
        var bound = new MemoryChallenge.Proof[proofs.Length];
        for (int k = 0; k < proofs.Length; k++)
        {
            try
            {
                proofs[k] = StarkProof.Decode(receipt.Segments[k].Proof);
            }
            catch (Exception e) when (e is ProofFormatException or FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
            {
                return ReceiptVerification.Invalid($"segment {k}: undecodable proof: {OneLine(e.Message)}");
            }
            if (Shape(proofs[k], k == proofs.Length - 1) is { } bad) return ReceiptVerification.Invalid($"segment {k}: {bad}");
            shapes[k] = VmAir.Shape(proofs[k].LogHeights.Length)!.Value;
            var (system, _) = Key(image, shapes[k].Keccak, shapes[k].Footprint);
            bound[k] = MemoryChallenge.Bind(system, proofs[k].LogHeights, proofs[k].StatementRoot!);
        }
        var (alpha, beta) = MemoryChallenge.Derive(receipt.ImageId, receipt.InputDigest, bound);

        var boundaries = Boundaries(receipt, image, alpha, beta, out string? problem);
        if (problem is not null) return ReceiptVerification.Invalid(problem);
        if (SegmentChain.Check(image, boundaries) is { } chain) return ReceiptVerification.Invalid(chain);

        int bits = int.MaxValue, logBlowup = System.Numerics.BitOperations.Log2((uint)Options.Blowup);
        for (int k = 0; k < boundaries.Length; k++)
        {
            // A segment that hashes is proven with the keccak tables, others without (see SegmentBoundary.Keccak).
            boundaries[k] = boundaries[k] with { Keccak = shapes[k].Keccak };
            var (system, key) = Key(image, shapes[k].Keccak, shapes[k].Footprint);
            var result = StarkVerifier.Verify(system, key, boundaries[k].PublicInputs(), proofs[k]);
            if (!result.IsValid) return ReceiptVerification.Invalid($"segment {k}: {result.Reason}");
            bits = Math.Min(bits, SecurityEstimate.ConjecturedBits(Options, proofs[k].LogHeights.Max() + logBlowup));
        }
        return new ReceiptVerification(true, "valid", new ReceiptFacts(receipt.ImageId, (byte[])receipt.InputDigest.Clone(), (byte[])receipt.Output.Clone(),
            receipt.ExitCode, receipt.Cycles, receipt.Segments.Count, bits));
    }

    /// <summary>
    /// Null when the proof has a system's table count, the footprint tables exactly when it is the run's last segment,
    /// and a statement root; else why not.
    /// </summary>
    private static string? Shape(StarkProof proof, bool last)
    {
        if (VmAir.Shape(proof.LogHeights.Length) is not { } shape) return $"the proof has {proof.LogHeights.Length} tables, no segment's AIR has that many";
        if (shape.Footprint != last) return last ? "the last segment's proof does not carry the memory footprint" : "a segment other than the last carries the memory footprint";
        if (proof.StatementRoot is null) return "the proof has no statement root (its memory rows are not committed)";
        return null;
    }

    /// <summary>
    /// Null when one segment's proof verifies against `boundary` at this verifier's options, else why not; with
    /// `expectedRoot`, its statement root must be that one (the root the run's memory challenges were drawn from).
    /// Shares the key cache with <see cref="Verify"/> (one key per image and table set).
    /// </summary>
    public string? VerifySegment(ProgramImage image, SegmentBoundary boundary, byte[] proofBytes, byte[]? expectedRoot = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(boundary);
        var proof = StarkProof.Decode(proofBytes);
        if (Shape(proof, boundary.Halted) is { } badShape) return badShape;
        var (keccak, footprint) = VmAir.Shape(proof.LogHeights.Length)!.Value;
        if (expectedRoot is not null && !proof.StatementRoot!.AsSpan().SequenceEqual(expectedRoot)) return "the proof commits other memory rows than the run's (its statement root is not the planned one)";
        boundary = boundary with { Keccak = keccak };
        if (boundary.Validate() is { } bad) return bad;
        var (system, key) = Key(image, keccak, footprint);
        var result = StarkVerifier.Verify(system, key, boundary.PublicInputs(), proof);
        return result.IsValid ? null : result.Reason;
    }

    /// <summary>Each segment's statement: its own fields, the rest from the previous segment's end (or the entry).</summary>
    private static SegmentBoundary[] Boundaries(Receipt receipt, ProgramImage image, Wsc.Zk.Field.Ext3 alpha, Wsc.Zk.Field.Ext3 beta, out string? problem)
    {
        problem = null;
        var result = new SegmentBoundary[receipt.Segments.Count];
        uint pc = image.Entry, inPos = 0, outPos = 0;
        var regs = new uint[32];
        regs[2] = image.Layout.MemoryTop;
        long cycle = 0;
        for (int k = 0; k < result.Length; k++)
        {
            var s = receipt.Segments[k];
            bool last = k == result.Length - 1;
            if ((long)outPos + s.JournalLength > receipt.Output.Length)
            {
                problem = $"segment {k} writes past the receipt's {receipt.Output.Length}-byte output";
                return result;
            }
            result[k] = new SegmentBoundary(pc, s.EndPc, regs, s.EndRegisters, new MemoryClaim((uint)k + 1, alpha, beta, s.MemorySums), last, last ? receipt.ExitCode : 0,
                receipt.Input, inPos, s.InputEnd, outPos, receipt.Output[(int)outPos..(int)(outPos + s.JournalLength)], cycle, s.Cycles);
            pc = s.EndPc;
            regs = s.EndRegisters;
            inPos = s.InputEnd;
            outPos += (uint)s.JournalLength;
            cycle += s.Cycles;
        }
        if (outPos != receipt.Output.Length) problem = $"the segments write {outPos} bytes, the receipt's output has {receipt.Output.Length}";
        else if (cycle != receipt.Cycles) problem = $"the segments run {cycle} cycles, the receipt claims {receipt.Cycles}";
        return result;
    }

    /// <summary>
    /// The image's system and key, made once per image and table set (with or without the keccak tables, with or
    /// without the footprint): a segment's statement enters as public bus terms and statement columns, so only the
    /// program, byte and image tables are preprocessed, and tables without a fixed height may have any height the
    /// engine proves.
    /// </summary>
    private (Wsc.Zk.Air.AirSystem System, VerifyingKey Key) Key(ProgramImage image, bool keccak, bool footprint)
    {
        string id = image.Id + (keccak ? "+keccak" : "") + (footprint ? "+footprint" : "");
        lock (_keys)
            if (_keys.TryGetValue(id, out var cached)) return cached;
        var system = VmAir.System(image, keccak, footprint);
        int logB = System.Numerics.BitOperations.Log2((uint)Options.Blowup);
        var any = new HeightRange(1, Math.Min(VerifyingKey.MaxLogHeight, VerifyingKey.MaxLogLde - logB));
        var key = VerifyingKey.Create(system, [.. system.Tables.Select(t => t.FixedLogHeight is { } f ? HeightRange.Exactly(f) : any)], Options);
        lock (_keys)
        {
            if (_keys.Count >= MaxCachedKeys) _keys.Clear();
            _keys[id] = (system, key);
        }
        return (system, key);
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
