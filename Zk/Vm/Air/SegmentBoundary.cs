using Wsc.Zk.Field;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// What a verifier must know about a segment besides its proof: start/end pc and registers, its place on the memory bus
/// across the run's proofs (<see cref="MemoryClaim"/>), whether it halted (and with which exit code), the whole input,
/// the journal bytes it writes, the input and output positions it starts and ends at, its first global cycle and its
/// cycle count. Consecutive segments chain through these values; their memory joins through the bus.
/// </summary>
public sealed record SegmentBoundary(
    uint StartPc,
    uint EndPc,
    uint[] StartRegisters,
    uint[] EndRegisters,
    MemoryClaim Memory,
    bool Halted,
    uint ExitCode,
    byte[] Input,
    uint InputStart,
    uint InputEnd,
    uint OutputStart,
    byte[] Journal,
    long StartCycle,
    int Cycles)
{
    /// <summary>
    /// Whether the segment's system has the keccak tables (it calls keccak256). Not a public input: it only chooses the
    /// AIR, and both choices are sound (without the tables a keccak ECALL's call has no receiver, so the bus cannot
    /// balance; with them an unused table proves nothing). Segments without keccak leave them out, which saves their
    /// ~3000 columns in every proof opening.
    /// </summary>
    public bool Keccak { get; init; }

    /// <summary>Position in the output after this segment's writes.</summary>
    public uint OutputEnd => OutputStart + (uint)Journal.Length;

    /// <summary>Public inputs before the registers: [start pc, end pc, halted, exit code, input length, input start, input end, output start, output end, cycles, start cycle].</summary>
    public const int HeaderLength = 11;

    /// <summary>Where the memory part of <see cref="PublicInputs"/> starts (after the header and the registers).</summary>
    public const int MemoryAt = HeaderLength + 64;

    /// <summary>
    /// The public inputs of the segment proof: the header (<see cref="HeaderLength"/> values: start pc, end pc, halted,
    /// exit code, input length, input start, input end, output start, output end, cycles, start cycle), the 32 start and
    /// 32 end registers, the memory claim (α and β, three each, the boundary table's sum S, three, and the segment's
    /// 1-based index; a halting segment, which carries the run's footprint, adds the image and heap tables' sums), then
    /// the input bytes the segment reads ([input start, input end)) and the journal bytes it writes. The tables turn the
    /// registers and bytes into public bus terms (<see cref="PublicLayout"/>), so the transcript binds them and the AIR (and
    /// its verifying key) depends on the image alone. The start cycle is bound by the transcript only: timestamps are
    /// segment-local, so the AIR itself does not use it.
    /// </summary>
    public ulong[] PublicInputs()
    {
        int inputBytes = (int)(InputEnd - InputStart);
        var p = new ulong[MemoryAt + MemoryLength(Halted) + inputBytes + Journal.Length];
        ulong[] header = [StartPc, EndPc, Halted ? 1UL : 0, ExitCode, (ulong)Input.Length, InputStart, InputEnd, OutputStart, OutputEnd, (ulong)Cycles, (ulong)StartCycle];
        header.CopyTo(p, 0);
        int at = HeaderLength;
        foreach (var r in StartRegisters) p[at++] = r;
        foreach (var r in EndRegisters) p[at++] = r;
        void Ext(Ext3 v)
        {
            p[at++] = v.A0;
            p[at++] = v.A1;
            p[at++] = v.A2;
        }
        Ext(Memory.Alpha);
        Ext(Memory.Beta);
        Ext(Memory.Sums[0]);
        p[at++] = Memory.Index;
        for (int i = 1; i < Memory.Sums.Length; i++) Ext(Memory.Sums[i]);
        for (int i = 0; i < inputBytes; i++) p[at++] = Input[InputStart + i];
        foreach (var b in Journal) p[at++] = b;
        return p;
    }

    /// <summary>Values of the memory claim: α, β, S, index, and the footprint's two sums for a halting segment.</summary>
    public static int MemoryLength(bool halted) => halted ? 16 : 10;

    /// <summary>
    /// Where the parts of <see cref="PublicInputs"/> start: registers, memory claim, input bytes, journal bytes. Throws
    /// ArgumentException when the span is not of that shape (a verifier then rejects).
    /// </summary>
    public static (int Registers, int Memory, int InputBytes, int JournalBytes) PublicLayout(ReadOnlySpan<ulong> pub)
    {
        const int registers = HeaderLength;
        if (pub.Length < MemoryAt + MemoryLength(false)) throw new ArgumentException($"segment public inputs: {pub.Length} values, expected at least {MemoryAt + MemoryLength(false)}");
        if (pub[2] > 1) throw new ArgumentException($"segment public inputs: halted is {pub[2]}, expected 0 or 1");
        ulong inStart = pub[5], inEnd = pub[6], outStart = pub[7], outEnd = pub[8];
        if (inEnd < inStart || outEnd < outStart || inEnd - inStart > (ulong)pub.Length || outEnd - outStart > (ulong)pub.Length) throw new ArgumentException("segment public inputs: an input or output range ends before it starts");
        int inputAt = MemoryAt + MemoryLength(pub[2] == 1);
        if ((ulong)inputAt + (inEnd - inStart) + (outEnd - outStart) != (ulong)pub.Length)
            throw new ArgumentException($"segment public inputs: {pub.Length} values do not match {inEnd - inStart} input and {outEnd - outStart} journal bytes");
        return (registers, MemoryAt, inputAt, inputAt + (int)(inEnd - inStart));
    }

    /// <summary>Checks the shape a verifier relies on; returns the first problem in one line, or null.</summary>
    public string? Validate()
    {
        if (StartRegisters.Length != 32 || EndRegisters.Length != 32) return "boundary: expected 32 start and 32 end registers";
        if (StartRegisters[0] != 0 || EndRegisters[0] != 0) return "boundary: x0 must be 0";
        if (Memory is null || Memory.Sums is null) return "boundary: no memory claim";
        if (Memory.Index < 1) return "boundary: segment indexes start at 1";
        if (Memory.Sums.Length != (Halted ? 3 : 1)) return $"boundary: {Memory.Sums.Length} memory sums, expected {(Halted ? 3 : 1)} for a {(Halted ? "halting" : "non-halting")} segment";
        if (InputStart > InputEnd || InputEnd > Input.Length) return $"boundary: input range [{InputStart}, {InputEnd}) is not inside the {Input.Length}-byte input";
        if ((long)OutputStart + Journal.Length > uint.MaxValue) return "boundary: output position overflows";
        if (Cycles < 1 || StartCycle < 0) return $"boundary: {Cycles} cycles from cycle {StartCycle}";
        return null;
    }
}
