using Wsc.Zk.Field;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The memory side of a run fixed before any segment is proven (docs/zkvm.md, "Memory between segments"): the plan
/// (each segment's boundary rows and the footprint), every segment's statement root, computed from those rows alone,
/// and the challenges (α, β) drawn from the roots. Every prover of a segment derives the same from the program and
/// input, so segments are proven independently, on any machine, and their sums still meet on one bus.
/// </summary>
public sealed class RunMemory
{
    public MemoryPlan Plan { get; }

    /// <summary>Per segment, its proof's statement root (what <see cref="MemoryChallenge"/> binds).</summary>
    public IReadOnlyList<byte[]> Roots { get; }

    public Ext3 Alpha { get; }

    public Ext3 Beta { get; }

    private RunMemory(MemoryPlan plan, byte[][] roots, Ext3 alpha, Ext3 beta)
    {
        Plan = plan;
        Roots = roots;
        Alpha = alpha;
        Beta = beta;
    }

    /// <summary>The run's memory at the options its segments are proven at (the roots depend on the blowup).</summary>
    public static RunMemory Of(ProgramImage image, ExecutionResult run, ProofOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(run);
        if (run.Trace is null) throw new ArgumentException("the run was not traced (ExecutionOptions.RecordTrace)", nameof(run));
        return Of(image, run.ImageId, run.InputDigest, run.Trace.Segments, options);
    }

    /// <summary>As above from the run's image id, input digest and traced segments.</summary>
    public static RunMemory Of(ProgramImage image, ImageId imageId, ReadOnlySpan<byte> inputDigest, IReadOnlyList<TraceSegment> segments, ProofOptions options)
    {
        if (segments.Count == 0) throw new ArgumentException("a run has at least one segment", nameof(segments));
        if (segments.Count > MemoryBoundaryTable.MaxSegments) throw new InvalidOperationException($"the run has {segments.Count} segments, at most {MemoryBoundaryTable.MaxSegments} can be proven: use larger segments");
        var plan = MemoryPlan.Of(image, segments);
        var roots = new byte[segments.Count][];
        var bound = new MemoryChallenge.Proof[segments.Count];
        for (int k = 0; k < segments.Count; k++)
        {
            bool keccak = CallsKeccak(segments[k]), footprint = k == segments.Count - 1;
            var system = VmAir.System(image, keccak, footprint);
            var statement = new ulong[system.Tables.Count][][];
            for (int t = 0; t < statement.Length; t++) statement[t] = [];
            statement[VmAir.BoundaryIndex] = MemoryBoundaryTable.Statement(segments[k].StartRegisters, segments[k].EndRegisters, plan.Segments[k]);
            if (footprint)
            {
                int at = VmAir.MemoryImageIndex(keccak);
                statement[at] = ((MemoryImageTable)system.Tables[at]).Statement(plan.ImageFinals);
                statement[at + 1] = ((MemoryHeapTable)system.Tables[at + 1]).Statement(plan.HeapFinals);
            }
            roots[k] = StarkProver.StatementRootFrom(system, statement, options)!;
            var logHeights = statement.Select(s => s.Length == 0 ? 0 : System.Numerics.BitOperations.Log2((uint)s[0].Length)).ToArray();
            bound[k] = MemoryChallenge.Bind(system, logHeights, roots[k]);
        }
        var (alpha, beta) = MemoryChallenge.Derive(imageId, inputDigest, bound);
        return new RunMemory(plan, roots, alpha, beta);
    }

    /// <summary>Whether the segment calls keccak256, so it is proven with the keccak tables (as the trace generator decides).</summary>
    public static bool CallsKeccak(TraceSegment segment) => segment.Syscalls.Any(e => e.Number == Syscalls.Keccak256);
}
