using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The RV32IM proving AIR: builds the table system of a segment (for the verifier, from public data alone) and the
/// witness traces from an executor trace segment. See docs/zkvm.md, "Proving AIR".
/// </summary>
public static class VmAir
{
    /// <summary>Tables in a system with and without the keccak tables.</summary>
    public const int TablesWithKeccak = 18, TablesWithoutKeccak = 15;

    /// <summary>Table positions in the system (the keccak tables only when the segment hashes).</summary>
    public const int ProgramIndex = 0, CpuIndex = 1, BoundaryIndex = 2, BytesIndex = 3, AddSubIndex = 4, BitwiseIndex = 5,
        LessThanIndex = 6, ShiftIndex = 7, MulIndex = 8, DivRemIndex = 9, LoadStoreIndex = 10, IoIndex = 11, InputIndex = 12, JournalIndex = 13,
        EcallIndex = 14, KeccakMemoryIndex = 15, KeccakSpongeIndex = 16, KeccakPermutationIndex = 17;

    /// <summary>
    /// The system a segment of the image is proven against: only the program table is preprocessed; a segment's
    /// boundary, input and journal bytes enter as public bus terms from its public inputs (<see cref="SegmentBoundary.PublicInputs"/>).
    /// A segment that calls keccak256 is proven with the three keccak tables (<paramref name="keccak"/>), others without
    /// them: a keccak call in a segment proven without them leaves the keccak-call bus unbalanced.
    /// </summary>
    public static AirSystem System(ProgramImage image, bool keccak = false)
    {
        List<TableAir> tables =
        [
            new ProgramTable(image), new CpuTable(), new MemoryBoundaryTable(), new ByteTable(), new AddSubTable(), new BitwiseTable(),
            new LessThanTable(), new ShiftTable(), new MulTable(), new DivRemTable(), new LoadStoreTable(MemoryRegions.Of(image)), new IoTable(),
            new InputTable(), new JournalTable(), new EcallTable(MemoryRegions.Of(image)),
        ];
        if (keccak) tables.AddRange([new KeccakMemoryTable(), new KeccakSpongeTable(MemoryRegions.Of(image)), new KeccakPermutationTable()]);
        return new AirSystem("rv32im", tables);
    }

    /// <summary>The system of <see cref="System(ProgramImage, bool)"/> for this boundary, after checking its shape (a verifier's entry point).</summary>
    public static AirSystem System(ProgramImage image, SegmentBoundary boundary)
    {
        if (boundary.Validate() is { } bad) throw new ArgumentException(bad, nameof(boundary));
        return System(image, boundary.Keccak);
    }

    /// <summary>
    /// The witness for one executed segment, given the run's whole input and output and the input and output positions
    /// the segment starts at. Throws InvalidOperationException naming the row when the segment uses something the AIR
    /// cannot prove or disagrees with its own replay.
    /// </summary>
    public static SegmentWitness Build(ProgramImage image, TraceSegment segment, byte[] input, byte[] output, uint inputStart, uint outputStart) =>
        new SegmentTraceGenerator(image, segment, input, output, inputStart, outputStart).Generate();

    /// <summary>The witnesses of every segment of a traced run, in order (each starts where the previous one ended).</summary>
    public static SegmentWitness[] Build(ProgramImage image, ExecutionResult run, byte[] input)
    {
        if (run.Trace is null) throw new ArgumentException("the run was not traced (ExecutionOptions.RecordTrace)", nameof(run));
        var witnesses = new SegmentWitness[run.Trace.Segments.Count];
        uint inPos = 0, outPos = 0;
        for (int k = 0; k < witnesses.Length; k++)
        {
            witnesses[k] = Build(image, run.Trace.Segments[k], input, run.Output, inPos, outPos);
            inPos = witnesses[k].Boundary.InputEnd;
            outPos = witnesses[k].Boundary.OutputEnd;
        }
        return witnesses;
    }
}
