namespace Wsc.Zk.Vm.Air;

/// <summary>
/// What a verifier must know about a segment besides its proof: start/end pc, registers and touched memory, whether it
/// halted (and with which exit code), the whole input, the journal bytes it writes, the input and output positions it
/// starts and ends at, its first global cycle and its cycle count. Consecutive segments chain through these values.
/// </summary>
public sealed record SegmentBoundary(
    uint StartPc,
    uint EndPc,
    uint[] StartRegisters,
    uint[] EndRegisters,
    MemoryWord[] MemoryIn,
    MemoryWord[] MemoryOut,
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

    /// <summary>
    /// The public inputs of the segment proof: [start pc, end pc, halted, exit code, input length, input start, input end,
    /// output start, output end, cycles, start cycle]. The start cycle is bound by the transcript only: timestamps are
    /// segment-local, so the AIR itself does not use it.
    /// </summary>
    public ulong[] PublicInputs() =>
        [StartPc, EndPc, Halted ? 1UL : 0, ExitCode, (ulong)Input.Length, InputStart, InputEnd, OutputStart, OutputEnd, (ulong)Cycles, (ulong)StartCycle];

    /// <summary>Checks the shape a verifier relies on; returns the first problem in one line, or null.</summary>
    public string? Validate()
    {
        if (StartRegisters.Length != 32 || EndRegisters.Length != 32) return "boundary: expected 32 start and 32 end registers";
        if (StartRegisters[0] != 0 || EndRegisters[0] != 0) return "boundary: x0 must be 0";
        if (MemoryIn.Length != MemoryOut.Length) return "boundary: MemoryIn and MemoryOut list different words";
        for (int i = 0; i < MemoryIn.Length; i++)
        {
            if (MemoryIn[i].Address != MemoryOut[i].Address) return $"boundary: word {i} has addresses 0x{MemoryIn[i].Address:x8} and 0x{MemoryOut[i].Address:x8}";
            if ((MemoryIn[i].Address & 3) != 0) return $"boundary: address 0x{MemoryIn[i].Address:x8} is not word-aligned";
            if (i > 0 && MemoryIn[i].Address <= MemoryIn[i - 1].Address) return "boundary: memory words must be in strictly increasing address order";
        }
        if (InputStart > InputEnd || InputEnd > Input.Length) return $"boundary: input range [{InputStart}, {InputEnd}) is not inside the {Input.Length}-byte input";
        if ((long)OutputStart + Journal.Length > uint.MaxValue) return "boundary: output position overflows";
        if (Cycles < 1 || StartCycle < 0) return $"boundary: {Cycles} cycles from cycle {StartCycle}";
        return null;
    }
}
