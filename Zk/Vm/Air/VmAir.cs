using Wsc.Zk.Air;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The RV32IM proving AIR: builds the table system of a segment (for the verifier, from public data alone) and the
/// witness traces from an executor trace segment. See docs/zkvm.md, "Proving AIR".
/// </summary>
public static class VmAir
{
    /// <summary>Tables in a system with and without the keccak tables (the halting segment adds the two footprint tables).</summary>
    public const int TablesWithKeccak = 18, TablesWithoutKeccak = 15, FootprintTables = 2;

    /// <summary>Where the footprint's image table sits (the heap table follows it): after the keccak tables when there are any.</summary>
    public static int MemoryImageIndex(bool keccak) => keccak ? TablesWithKeccak : TablesWithoutKeccak;

    /// <summary>Whether a proof with this many tables has the keccak tables, and the footprint tables; null for no system's count.</summary>
    public static (bool Keccak, bool Footprint)? Shape(int tables) => tables switch
    {
        TablesWithoutKeccak => (false, false),
        TablesWithKeccak => (true, false),
        TablesWithoutKeccak + FootprintTables => (false, true),
        TablesWithKeccak + FootprintTables => (true, true),
        _ => null,
    };

    /// <summary>Table positions in the system (the keccak tables only when the segment hashes).</summary>
    public const int ProgramIndex = 0, CpuIndex = 1, BoundaryIndex = 2, BytesIndex = 3, AddSubIndex = 4, BitwiseIndex = 5,
        LessThanIndex = 6, ShiftIndex = 7, MulIndex = 8, DivRemIndex = 9, LoadStoreIndex = 10, IoIndex = 11, InputIndex = 12, JournalIndex = 13,
        EcallIndex = 14, KeccakMemoryIndex = 15, KeccakSpongeIndex = 16, KeccakPermutationIndex = 17;

    /// <summary>
    /// The system a segment of the image is proven against: only the program table is preprocessed; a segment's
    /// boundary, input and journal bytes enter as public bus terms from its public inputs (<see cref="SegmentBoundary.PublicInputs"/>).
    /// A segment that calls keccak256 is proven with the three keccak tables (<paramref name="keccak"/>), others without
    /// them: a keccak call in a segment proven without them leaves the keccak-call bus unbalanced.
    /// The halting segment carries the run's memory footprint (<paramref name="footprint"/>): the image and heap tables,
    /// every word the run touched once with its initial and final value, on the memory bus across the run's proofs.
    /// </summary>
    public static AirSystem System(ProgramImage image, bool keccak = false, bool footprint = false)
    {
        List<TableAir> tables =
        [
            new ProgramTable(image), new CpuTable(), new MemoryBoundaryTable(), new ByteTable(), new AddSubTable(), new BitwiseTable(),
            new LessThanTable(), new ShiftTable(), new MulTable(), new DivRemTable(), new LoadStoreTable(MemoryRegions.Of(image)), new IoTable(),
            new InputTable(), new JournalTable(), new EcallTable(MemoryRegions.Of(image)),
        ];
        if (keccak) tables.AddRange([new KeccakMemoryTable(), new KeccakSpongeTable(MemoryRegions.Of(image)), new KeccakPermutationTable()]);
        if (footprint)
        {
            int at = SegmentBoundary.MemoryAt;
            tables.AddRange([new MemoryImageTable(image, at, at + 10), new MemoryHeapTable(image.ImageEnd, at, at + 13)]);
        }
        return new AirSystem("rv32im", tables);
    }

    /// <summary>The system of <see cref="System(ProgramImage, bool)"/> for this boundary, after checking its shape (a verifier's entry point).</summary>
    public static AirSystem System(ProgramImage image, SegmentBoundary boundary)
    {
        if (boundary.Validate() is { } bad) throw new ArgumentException(bad, nameof(boundary));
        return System(image, boundary.Keccak, boundary.Halted);
    }

    /// <summary>
    /// The witness for one executed segment (`index`, 0-based, of the run `memory` plans), given the run's whole input
    /// and output and the input and output positions the segment starts at. Throws InvalidOperationException naming the
    /// row when the segment uses something the AIR cannot prove or disagrees with its own replay.
    /// </summary>
    public static SegmentWitness Build(ProgramImage image, TraceSegment segment, byte[] input, byte[] output, uint inputStart, uint outputStart, RunMemory memory, int index) =>
        new SegmentTraceGenerator(image, segment, input, output, inputStart, outputStart, memory, index).Generate();

    /// <summary>
    /// The witnesses of every segment of a traced run, in order (each starts where the previous one ended), with the
    /// memory challenges drawn from their statement roots at `options` (the options they will be proven at).
    /// </summary>
    public static SegmentWitness[] Build(ProgramImage image, ExecutionResult run, byte[] input, ProofOptions? options = null)
    {
        if (run.Trace is null) throw new ArgumentException("the run was not traced (ExecutionOptions.RecordTrace)", nameof(run));
        var memory = RunMemory.Of(image, run, options ?? ProofOptions.Default);
        var witnesses = new SegmentWitness[run.Trace.Segments.Count];
        uint inPos = 0, outPos = 0;
        for (int k = 0; k < witnesses.Length; k++)
        {
            witnesses[k] = Build(image, run.Trace.Segments[k], input, run.Output, inPos, outPos, memory, k);
            inPos = witnesses[k].Boundary.InputEnd;
            outPos = witnesses[k].Boundary.OutputEnd;
        }
        return witnesses;
    }
}
