using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Receipts;

/// <summary>
/// Proves one segment of a run from the program and input alone: it re-executes the run with a trace (cheap next to
/// proving), keeps segment `index` and proves it. So machines proving segments of one job exchange only the program,
/// the input and the proofs, never traces.
/// </summary>
public static class SegmentProver
{
    /// <summary>
    /// Proves segment `index` of `image` run on `input` in segments of 2^segmentLog2 cycles. Throws
    /// InvalidOperationException with one line when the run traps or the AIR refuses the segment,
    /// ArgumentOutOfRangeException when the run has no such segment.
    /// </summary>
    public static ProvenSegment Prove(ProgramImage image, byte[] input, ProofOptions options, int segmentLog2, int index, long maxCycles = 1L << 32)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } bad) throw new ArgumentException(bad, nameof(options));
        if (segmentLog2 < 4 || segmentLog2 > 24) throw new ArgumentOutOfRangeException(nameof(segmentLog2), $"segment size 2^{segmentLog2}: expected 2^4..2^24 cycles");
        var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = segmentLog2, MaxCycles = maxCycles }).Run(input);
        if (run.Trap is { } trap) throw new InvalidOperationException($"the run trapped after {run.Cycles} cycles: {trap.Message}");
        var segments = run.Trace!.Segments;
        if (index < 0 || index >= segments.Count) throw new ArgumentOutOfRangeException(nameof(index), $"segment {index}: the run has {segments.Count} segments");
        var (inPos, outPos) = StreamPositions(segments, index);
        // Every prover of the run plans its memory alike (the roots of every segment, then the challenges), so the
        // segments' sums meet on one bus wherever they are proven.
        var memory = RunMemory.Of(image, run, options);
        var w = VmAir.Build(image, segments[index], input, run.Output, inPos, outPos, memory, index);
        var proof = StarkProver.Prove(w.System, w.Traces, w.PublicInputs, options).Encode();
        return Proven(index, w.Boundary, proof);
    }

    /// <summary>The proven segment of a witness's boundary and its encoded proof.</summary>
    public static ProvenSegment Proven(int index, SegmentBoundary b, byte[] proof) =>
        new(index, b.StartPc, b.StartRegisters, b.InputStart, b.OutputStart, b.StartCycle,
            new SegmentReceipt(b.Cycles, b.EndPc, b.EndRegisters, b.InputEnd, b.Journal.Length, b.Memory.Sums, proof));

    /// <summary>
    /// The input and output positions segment `index` starts at: the bytes read and written by the ECALLs of the
    /// segments before it (a read returns its count in a0; a write appends a1 bytes), as the trace generator counts them.
    /// </summary>
    public static (uint Input, uint Output) StreamPositions(IReadOnlyList<TraceSegment> segments, int index)
    {
        ArgumentNullException.ThrowIfNull(segments);
        uint input = 0, output = 0;
        for (int k = 0; k < index; k++)
        {
            foreach (var e in segments[k].Syscalls)
            {
                if (e.Number == Syscalls.ReadInput)
                {
                    input += e.ResultA0;
                }
                else if (e.Number == Syscalls.WriteOutput)
                {
                    output += e.A1;
                }
            }
        }
        return (input, output);
    }
}
