using System.Buffers.Binary;
using Wsc.Zk.Field;

namespace Wsc.Zk.Receipts;

/// <summary>
/// The binary form of a <see cref="ProvenSegment"/>, version 4 (little-endian; 4 replaced the memory words by the
/// memory sums): "WSCS", u16 version, u32 index, u32 start pc, 32 × u32 start registers, u32 input start, u32 output
/// start, u64 start cycle, then the segment as in <see cref="ReceiptCodec"/>: u32 cycles, u32 end pc, 32 × u32 end
/// registers, u32 input end, u32 journal length, u32 sum count (1, or 3 for the halting segment) and the sums (three
/// canonical u64s each), u32 proof length and proof bytes. Nothing may follow.
/// </summary>
public static class ProvenSegmentCodec
{
    /// <summary>The format's first four bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "WSCS"u8;

    /// <summary>The version this code writes and reads.</summary>
    public const ushort Version = 4;

    public static byte[] Encode(ProvenSegment p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var s = p.Receipt;
        if (p.StartRegisters.Length != 32 || s.EndRegisters.Length != 32) throw new ArgumentException("proven segment: 32 start and 32 end registers expected");
        if (s.MemorySums.Length is not (1 or 3)) throw new ArgumentException($"proven segment: {s.MemorySums.Length} memory sums, expected 1 or 3");
        using var ms = new MemoryStream(256 + 24 * s.MemorySums.Length + s.Proof.Length);
        using var w = new BinaryWriter(ms); // little-endian
        w.Write(Magic);
        w.Write(Version);
        w.Write((uint)p.Index);
        w.Write(p.StartPc);
        foreach (var r in p.StartRegisters) w.Write(r);
        w.Write(p.InputStart);
        w.Write(p.OutputStart);
        w.Write((ulong)p.StartCycle);
        w.Write((uint)s.Cycles);
        w.Write(s.EndPc);
        foreach (var r in s.EndRegisters) w.Write(r);
        w.Write(s.InputEnd);
        w.Write((uint)s.JournalLength);
        w.Write((uint)s.MemorySums.Length);
        foreach (var e in s.MemorySums)
        {
            w.Write(e.A0);
            w.Write(e.A1);
            w.Write(e.A2);
        }
        w.Write((uint)s.Proof.Length);
        w.Write(s.Proof);
        w.Flush();
        return ms.ToArray();
    }

    public static ProvenSegment Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 6 || !data[..4].SequenceEqual(Magic)) throw new FormatException("proven segment: bad magic (not a wsc segment)");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        if (version != Version) throw new FormatException($"proven segment: unsupported version {version} (this build reads {Version})");
        int at = 6;
        uint U32(ReadOnlySpan<byte> d, string what)
        {
            if (d.Length - at < 4) throw new FormatException($"proven segment: truncated in {what}");
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(d[at..]);
            at += 4;
            return v;
        }
        uint index = U32(data, "index");
        if (index > 1u << 24) throw new FormatException($"proven segment: index {index} is out of range");
        uint startPc = U32(data, "start pc");
        var startRegs = new uint[32];
        for (int i = 0; i < 32; i++) startRegs[i] = U32(data, "start registers");
        uint inputStart = U32(data, "input start");
        uint outputStart = U32(data, "output start");
        if (data.Length - at < 8) throw new FormatException("proven segment: truncated in start cycle");
        ulong startCycle = BinaryPrimitives.ReadUInt64LittleEndian(data[at..]);
        at += 8;
        if (startCycle > long.MaxValue) throw new FormatException($"proven segment: start cycle {startCycle} is out of range");
        uint cycles = U32(data, "cycles");
        if (cycles == 0 || cycles > 1u << 30) throw new FormatException($"proven segment: {cycles} cycles");
        uint endPc = U32(data, "end pc");
        var endRegs = new uint[32];
        for (int i = 0; i < 32; i++) endRegs[i] = U32(data, "end registers");
        uint inputEnd = U32(data, "input end");
        uint journal = U32(data, "journal length");
        if (journal > int.MaxValue) throw new FormatException($"proven segment: journal length {journal} is out of range");
        uint count = U32(data, "memory sum count");
        if (count is not (1 or 3)) throw new FormatException($"proven segment: {count} memory sums, expected 1 or 3");
        ulong ReadFelt(ReadOnlySpan<byte> d)
        {
            if (d.Length - at < 8) throw new FormatException("proven segment: truncated in memory sums");
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(d[at..]);
            at += 8;
            if (v >= Goldilocks.P) throw new FormatException($"proven segment: memory sum value 0x{v:x16} is not a canonical field element");
            return v;
        }
        var sums = new Ext3[count];
        for (int i = 0; i < count; i++) sums[i] = new Ext3(ReadFelt(data), ReadFelt(data), ReadFelt(data));
        uint proofLength = U32(data, "proof length");
        if (proofLength == 0) throw new FormatException("proven segment: empty proof");
        if (proofLength != data.Length - at) throw new FormatException($"proven segment: proof length {proofLength}, {data.Length - at} bytes left");
        var proof = data[at..].ToArray();
        return new ProvenSegment((int)index, startPc, startRegs, inputStart, outputStart, (long)startCycle,
            new SegmentReceipt((int)cycles, endPc, endRegs, inputEnd, (int)journal, sums, proof));
    }
}
