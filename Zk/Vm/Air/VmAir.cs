using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The RV32IM proving AIR: builds the table system of a segment (for the verifier, from public data alone) and the
/// witness traces from an executor trace segment. See docs/zkvm.md, "Proving AIR".
/// </summary>
public static class VmAir
{
    /// <summary>Table positions in the system.</summary>
    public const int ProgramIndex = 0, CpuIndex = 1, BoundaryIndex = 2, BytesIndex = 3, AddSubIndex = 4, BitwiseIndex = 5,
        LessThanIndex = 6, ShiftIndex = 7, MulIndex = 8, DivRemIndex = 9, LoadStoreIndex = 10;

    /// <summary>The system a segment with this boundary is proven against (program and boundary are preprocessed).</summary>
    public static AirSystem System(ProgramImage image, SegmentBoundary boundary)
    {
        if (boundary.Validate() is { } bad) throw new ArgumentException(bad, nameof(boundary));
        return new AirSystem("rv32im",
        [
            new ProgramTable(image), new CpuTable(), new MemoryBoundaryTable(boundary), new ByteTable(), new AddSubTable(), new BitwiseTable(),
            new LessThanTable(), new ShiftTable(), new MulTable(), new DivRemTable(), new LoadStoreTable(),
        ]);
    }

    /// <summary>
    /// The witness for one executed segment. Throws InvalidOperationException naming the row when the segment uses
    /// something the AIR cannot prove yet (read_input, write_output, keccak256) or disagrees with its own replay.
    /// </summary>
    public static SegmentWitness Build(ProgramImage image, TraceSegment segment, int inputLength) =>
        new SegmentTraceGenerator(image, segment, (uint)inputLength).Generate();
}
