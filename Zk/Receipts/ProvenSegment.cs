using Wsc.Zk.Field;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Receipts;

/// <summary>
/// One segment proven on its own (by <see cref="SegmentProver"/>, possibly on another machine than its neighbours): the
/// receipt segment plus the start state its prover claims (pc, registers, stream positions, first cycle). The claims
/// let the segment be verified before its predecessor is proven; <see cref="ReceiptVerifier"/> later checks that the
/// claims chain.
/// </summary>
public sealed record ProvenSegment(
    int Index,
    uint StartPc,
    uint[] StartRegisters,
    uint InputStart,
    uint OutputStart,
    long StartCycle,
    SegmentReceipt Receipt)
{
    /// <summary>The versioned binary form (<see cref="ProvenSegmentCodec"/>).</summary>
    public byte[] Encode() => ProvenSegmentCodec.Encode(this);

    /// <summary>Parses the binary form strictly; throws FormatException with a one-line reason.</summary>
    public static ProvenSegment Decode(ReadOnlySpan<byte> data) => ProvenSegmentCodec.Decode(data);

    /// <summary>
    /// The statement the proof is checked against: the claimed start, the receipt's end, the run's input and the
    /// journal slice of `output` (the output the job expects, not one the prover supplies), and the run's memory
    /// challenges. Throws ArgumentException when the claimed journal does not fit in `output`.
    /// </summary>
    public SegmentBoundary Boundary(byte[] input, byte[] output, bool last, uint exitCode, Ext3 alpha, Ext3 beta)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        long end = (long)OutputStart + Receipt.JournalLength;
        if (end > output.Length) throw new ArgumentException($"segment {Index} writes output [{OutputStart}, {end}), the run's output has {output.Length} bytes");
        return new SegmentBoundary(StartPc, Receipt.EndPc, StartRegisters, Receipt.EndRegisters, new MemoryClaim((uint)Index + 1, alpha, beta, Receipt.MemorySums), last, last ? exitCode : 0,
            input, InputStart, Receipt.InputEnd, OutputStart, output[(int)OutputStart..(int)end], StartCycle, Receipt.Cycles);
    }
}
