using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Receipts;

/// <summary>
/// Checks one <see cref="ProvenSegment"/> on its own, so a job can re-prove a bad segment as soon as it arrives rather
/// than after assembling the whole receipt. The segment is checked against its claimed start; whether the claims chain
/// is <see cref="ReceiptVerifier"/>'s check of the assembled receipt.
/// </summary>
public static class SegmentVerifier
{
    /// <summary>
    /// Null when `segment`'s proof verifies at `options` against its statement (the run's `input`, its expected
    /// `output`, last-ness and exit code from the job, and the run's planned `memory`: the proof must commit the memory
    /// rows the plan's root names, and its sums use the plan's challenges), else the reason in one line.
    /// </summary>
    public static string? Verify(ProgramImage image, byte[] input, byte[] output, ProvenSegment segment, bool last, uint exitCode, RunMemory memory, ProofOptions options) =>
        Verify(image, input, output, segment, last, exitCode, memory, new ReceiptVerifier(options));

    /// <summary>As above with `verifier`'s options and verifying-key cache (one verifier per job: keys are reused for the receipt).</summary>
    public static string? Verify(ProgramImage image, byte[] input, byte[] output, ProvenSegment segment, bool last, uint exitCode, RunMemory memory, ReceiptVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(verifier);
        try
        {
            if (segment.Index < 0 || segment.Index >= memory.Roots.Count) return $"segment {segment.Index}: the run has {memory.Roots.Count} segments";
            var boundary = segment.Boundary(input, output, last, exitCode, memory.Alpha, memory.Beta);
            return verifier.VerifySegment(image, boundary, segment.Receipt.Proof, memory.Roots[segment.Index]) is { } reason ? $"segment {segment.Index}: {reason}" : null;
        }
        catch (Exception e) when (e is ProofFormatException or ArgumentException or FormatException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return $"segment {segment.Index}: {e.Message.ReplaceLineEndings(" ")}";
        }
    }

    /// <summary>The receipt of a run from its proven segments in order (each index exactly once, from 0).</summary>
    public static Receipt Assemble(ImageId imageId, byte[] inputDigest, byte[] input, byte[] output, uint exitCode, long cycles, ProofOptions options, IReadOnlyList<ProvenSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        for (int k = 0; k < segments.Count; k++)
        {
            if (segments[k].Index != k) throw new ArgumentException($"segment {k} is missing (found segment {segments[k].Index} in its place)");
        }
        return new Receipt(imageId, inputDigest, input, output, exitCode, cycles, options, [.. segments.Select(s => s.Receipt)]);
    }
}
