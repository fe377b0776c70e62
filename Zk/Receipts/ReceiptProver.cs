using System.Diagnostics;
using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Receipts;

/// <summary>Runs a program on an input and proves every segment of the run into a <see cref="Receipt"/>.</summary>
public static class ReceiptProver
{
    /// <summary>
    /// Segments of 2^19 cycles by default: proving costs about the same per cycle from 2^16 up, and peak memory grows
    /// with the segment (about 4.2 GB at 2^19 and 7.5–8.5 GB at 2^20, measured on 2026-12-07; two 2^20 provers at once
    /// would leave little room on a shared 24 GB machine).
    /// </summary>
    public const int DefaultSegmentLog2 = 19;

    /// <summary>
    /// Executes `image` on `input` in segments of 2^segmentLog2 cycles and proves each. Throws
    /// InvalidOperationException with one line when the run traps (no receipt for a failed run) or the AIR refuses a
    /// segment.
    /// </summary>
    public static Receipt Prove(ProgramImage image, byte[] input, ProofOptions options, int segmentLog2 = DefaultSegmentLog2, Action<SegmentProven>? progress = null, long maxCycles = 1L << 32)
    {
        if (options.Validate() is { } bad) throw new ArgumentException(bad, nameof(options));
        if (segmentLog2 < 4 || segmentLog2 > 24) throw new ArgumentOutOfRangeException(nameof(segmentLog2), $"segment size 2^{segmentLog2}: expected 2^4..2^24 cycles");
        var sw = Stopwatch.StartNew();
        var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = segmentLog2, MaxCycles = maxCycles }).Run(input);
        if (run.Trap is { } trap) throw new InvalidOperationException($"the run trapped after {run.Cycles} cycles: {trap.Message}");
        var trace = run.Trace!;
        var segments = new SegmentReceipt[trace.Segments.Count];
        // The memory plan first: every segment's statement root, then the challenges all segments' sums use.
        var memory = RunMemory.Of(image, run, options);
        uint inPos = 0, outPos = 0;
        for (int k = 0; k < segments.Length; k++)
        {
            // One witness at a time: a segment's traces are dropped once its proof is encoded.
            var w = VmAir.Build(image, trace.Segments[k], input, run.Output, inPos, outPos, memory, k);
            var proof = StarkProver.Prove(w.System, w.Traces, w.PublicInputs, options).Encode();
            var b = w.Boundary;
            segments[k] = SegmentProver.Proven(k, b, proof).Receipt;
            inPos = b.InputEnd;
            outPos = b.OutputEnd;
            progress?.Invoke(new SegmentProven(k, segments.Length, b.Cycles, sw.Elapsed));
        }
        return new Receipt(run.ImageId, run.InputDigest, (byte[])input.Clone(), run.Output, unchecked((uint)run.ExitCode), run.Cycles, options, segments);
    }
}
