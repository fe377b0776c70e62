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

    /// <summary>Public inputs before the registers: [start pc, end pc, halted, exit code, input length, input start, input end, output start, output end, cycles, start cycle].</summary>
    public const int HeaderLength = 11;

    /// <summary>
    /// The public inputs of the segment proof: the header (<see cref="HeaderLength"/> values: start pc, end pc, halted,
    /// exit code, input length, input start, input end, output start, output end, cycles, start cycle), the 32 start and
    /// 32 end registers, the number of RAM words touched and (address, value in, value out) per word, then the input
    /// bytes the segment reads ([input start, input end)) and the journal bytes it writes. The tables turn the registers,
    /// words and bytes into public bus terms (<see cref="PublicLayout"/>), so the transcript binds them and the AIR (and
    /// its verifying key) depends on the image alone. The start cycle is bound by the transcript only: timestamps are
    /// segment-local, so the AIR itself does not use it.
    /// </summary>
    public ulong[] PublicInputs()
    {
        int inputBytes = (int)(InputEnd - InputStart);
        var p = new ulong[HeaderLength + 64 + 1 + 3 * MemoryIn.Length + inputBytes + Journal.Length];
        ulong[] header = [StartPc, EndPc, Halted ? 1UL : 0, ExitCode, (ulong)Input.Length, InputStart, InputEnd, OutputStart, OutputEnd, (ulong)Cycles, (ulong)StartCycle];
        header.CopyTo(p, 0);
        int at = HeaderLength;
        foreach (var r in StartRegisters) p[at++] = r;
        foreach (var r in EndRegisters) p[at++] = r;
        p[at++] = (ulong)MemoryIn.Length;
        for (int i = 0; i < MemoryIn.Length; i++)
        {
            p[at++] = MemoryIn[i].Address;
            p[at++] = MemoryIn[i].Value;
            p[at++] = MemoryOut[i].Value;
        }
        for (int i = 0; i < inputBytes; i++) p[at++] = Input[InputStart + i];
        foreach (var b in Journal) p[at++] = b;
        return p;
    }

    /// <summary>
    /// Where the parts of <see cref="PublicInputs"/> start: registers, RAM words (count, then triples), input bytes,
    /// journal bytes. Throws ArgumentException when the span is not of that shape (a verifier then rejects).
    /// </summary>
    public static (int Registers, int Words, int WordCount, int InputBytes, int JournalBytes) PublicLayout(ReadOnlySpan<ulong> pub)
    {
        const int registers = HeaderLength;
        int wordsAt = registers + 64;
        if (pub.Length <= wordsAt) throw new ArgumentException($"segment public inputs: {pub.Length} values, expected at least {wordsAt + 1}");
        ulong inStart = pub[5], inEnd = pub[6], outStart = pub[7], outEnd = pub[8];
        if (inEnd < inStart || outEnd < outStart || inEnd - inStart > (ulong)pub.Length || outEnd - outStart > (ulong)pub.Length) throw new ArgumentException("segment public inputs: an input or output range ends before it starts");
        ulong words = pub[wordsAt];
        ulong expected = (ulong)wordsAt + 1 + 3 * Math.Min(words, (ulong)pub.Length) + (inEnd - inStart) + (outEnd - outStart);
        if (words > (ulong)pub.Length || expected != (ulong)pub.Length)
            throw new ArgumentException($"segment public inputs: {pub.Length} values do not match {words} memory words, {inEnd - inStart} input and {outEnd - outStart} journal bytes");
        int inputAt = wordsAt + 1 + 3 * (int)words;
        return (registers, wordsAt + 1, (int)words, inputAt, inputAt + (int)(inEnd - inStart));
    }

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
