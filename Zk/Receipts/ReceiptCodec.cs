using System.Buffers.Binary;
using Wsc.Zk.Field;
using Wsc.Zk.Stark;
using Wsc.Zk.Vm;

namespace Wsc.Zk.Receipts;

/// <summary>
/// The receipt's binary format, version 4 (little-endian; 4 replaced each segment's memory words by its sums on the
/// memory bus across the run's proofs): "WSCR", u16 version, image id (32), input digest (32),
/// options (blowup, queries, grinding bits, folding factor, remainder size: u32 each), u32 input length and bytes,
/// u32 output length and bytes, u32 exit code, u64 cycles, u32 segment count, then per segment: u32 cycles, u32 end
/// pc, 32 × u32 end registers, u32 input end, u32 journal length, its memory sums (one extension element, three
/// canonical u64s; three of them for the last segment, which carries the footprint), u32 proof length and proof
/// bytes. Nothing may follow. The decoder refuses anything else with a one-line reason.
/// </summary>
public static class ReceiptCodec
{
    /// <summary>The format's first four bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "WSCR"u8;

    /// <summary>The version this code writes and reads.</summary>
    public const ushort Version = 4;

    public static byte[] Encode(Receipt r)
    {
        var w = new List<byte>(1024 + r.Input.Length + r.Output.Length + r.Segments.Sum(s => s.Proof.Length + 240));
        w.AddRange(Magic);
        U16(w, Version);
        w.AddRange(r.ImageId.Bytes.ToArray());
        if (r.InputDigest.Length != 32) throw new ArgumentException("receipt: the input digest must be 32 bytes");
        w.AddRange(r.InputDigest);
        foreach (var v in (int[])[r.Options.Blowup, r.Options.Queries, r.Options.GrindingBits, r.Options.FoldingFactor, r.Options.RemainderSize]) U32(w, (uint)v);
        Bytes(w, r.Input);
        Bytes(w, r.Output);
        U32(w, r.ExitCode);
        U64(w, (ulong)r.Cycles);
        U32(w, (uint)r.Segments.Count);
        foreach (var s in r.Segments)
        {
            if (s.EndRegisters.Length != 32) throw new ArgumentException("receipt: a segment needs 32 end registers");
            if (s.MemorySums.Length != SumsOf(s == r.Segments[^1])) throw new ArgumentException($"receipt: a segment has {s.MemorySums.Length} memory sums, expected {SumsOf(s == r.Segments[^1])}");
            U32(w, (uint)s.Cycles);
            U32(w, s.EndPc);
            foreach (var x in s.EndRegisters) U32(w, x);
            U32(w, s.InputEnd);
            U32(w, (uint)s.JournalLength);
            foreach (var e in s.MemorySums)
            {
                U64(w, e.A0);
                U64(w, e.A1);
                U64(w, e.A2);
            }
            Bytes(w, s.Proof);
        }
        return [.. w];
    }

    public static Receipt Decode(ReadOnlySpan<byte> data)
    {
        var r = new Reader(data);
        if (data.Length < 4 || !data[..4].SequenceEqual(Magic)) throw new FormatException("receipt: bad magic (not a wsc receipt)");
        r.Skip(4);
        ushort version = r.U16("version");
        if (version != Version) throw new FormatException($"receipt: unsupported version {version} (this build reads {Version})");
        var imageId = new ImageId(r.Take(32, "image id"));
        var digest = r.Take(32, "input digest").ToArray();
        var options = new ProofOptions((int)r.U32Max("blowup", 64), (int)r.U32Max("queries", 512), (int)r.U32Max("grinding bits", 32), (int)r.U32Max("folding factor", 16), (int)r.U32Max("remainder size", 4096));
        if (options.Validate() is { } badOptions) throw new FormatException("receipt: " + badOptions);
        var input = r.Bytes("input");
        var output = r.Bytes("output");
        uint exitCode = r.U32("exit code");
        ulong cycles = r.U64("cycles");
        if (cycles == 0 || cycles > long.MaxValue) throw new FormatException($"receipt: cycle count {cycles} is out of range");
        uint count = r.U32("segment count");
        const int MinSegment = 4 * 38; // the fixed part of a segment record
        if (count == 0 || count > r.Remaining / MinSegment) throw new FormatException($"receipt: segment count {count} does not fit the {r.Remaining} bytes left");
        var segments = new SegmentReceipt[count];
        for (int k = 0; k < count; k++)
        {
            string at = $"segment {k}";
            uint segCycles = r.U32($"{at} cycles");
            if (segCycles == 0 || segCycles > 1u << 30) throw new FormatException($"receipt: {at} has {segCycles} cycles");
            uint endPc = r.U32($"{at} end pc");
            var regs = new uint[32];
            for (int i = 0; i < 32; i++) regs[i] = r.U32($"{at} registers");
            uint inputEnd = r.U32($"{at} input end");
            uint journal = r.U32($"{at} journal length");
            if (journal > output.Length) throw new FormatException($"receipt: {at} writes {journal} bytes, the output has {output.Length}");
            var sums = new Ext3[SumsOf(k == count - 1)];
            for (int i = 0; i < sums.Length; i++) sums[i] = new Ext3(r.Felt($"{at} memory sum"), r.Felt($"{at} memory sum"), r.Felt($"{at} memory sum"));
            var proof = r.Bytes($"{at} proof");
            if (proof.Length == 0) throw new FormatException($"receipt: {at} has an empty proof");
            segments[k] = new SegmentReceipt((int)segCycles, endPc, regs, inputEnd, (int)journal, sums, proof);
        }
        if (r.Remaining != 0) throw new FormatException($"receipt: {r.Remaining} trailing bytes after the last segment");
        return new Receipt(imageId, digest, input, output, exitCode, (long)cycles, options, segments);
    }

    /// <summary>Memory sums a segment carries: the boundary table's, plus the footprint's two for the last one.</summary>
    public static int SumsOf(bool last) => last ? 3 : 1;

    private static void U16(List<byte> w, ushort v) { w.Add((byte)v); w.Add((byte)(v >> 8)); }

    private static void U32(List<byte> w, uint v) { for (int i = 0; i < 4; i++) w.Add((byte)(v >> (8 * i))); }

    private static void U64(List<byte> w, ulong v) { for (int i = 0; i < 8; i++) w.Add((byte)(v >> (8 * i))); }

    private static void Bytes(List<byte> w, byte[] b) { U32(w, (uint)b.Length); w.AddRange(b); }

    /// <summary>Bounds-checked reads; every failure names the field.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public readonly int Remaining => _data.Length - _at;

        public void Skip(int n) => Take(n, "header");

        public ReadOnlySpan<byte> Take(int n, string what)
        {
            if (n < 0 || n > Remaining) throw new FormatException($"receipt: truncated in {what} (needs {n} bytes, {Remaining} left)");
            var s = _data.Slice(_at, n);
            _at += n;
            return s;
        }

        public ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

        public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

        public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

        /// <summary>A field element in its canonical form (below the modulus: one encoding per value).</summary>
        public ulong Felt(string what)
        {
            ulong v = U64(what);
            if (v >= Goldilocks.P) throw new FormatException($"receipt: {what} 0x{v:x16} is not a canonical field element");
            return v;
        }

        public uint U32Max(string what, uint max)
        {
            uint v = U32(what);
            if (v > max) throw new FormatException($"receipt: {what} {v} is above {max}");
            return v;
        }

        public byte[] Bytes(string what)
        {
            uint n = U32(what + " length");
            if (n > Remaining) throw new FormatException($"receipt: truncated in {what} (length {n}, {Remaining} bytes left)");
            return Take((int)n, what).ToArray();
        }
    }
}
