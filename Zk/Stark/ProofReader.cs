using System.Buffers.Binary;
using Wsc.Zk.Field;

namespace Wsc.Zk.Stark;

/// <summary>A strict little-endian reader: bounded counts, canonical field elements, errors that name the field.</summary>
internal ref struct ProofReader(ReadOnlySpan<byte> data, string what = "proof")
{
    private readonly ReadOnlySpan<byte> _data = data;
    private readonly string _what = what;
    private int _pos;

    public readonly int Remaining => _data.Length - _pos;

    private ReadOnlySpan<byte> Take(int n, string field)
    {
        if (n < 0 || n > Remaining) throw new ProofFormatException($"{_what}: truncated at byte {_pos} reading {field} ({n} bytes needed, {Remaining} left)");
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public byte ReadByte(string field) => Take(1, field)[0];

    public ushort ReadU16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    public uint ReadU32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public ulong ReadU64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    /// <summary>A count whose items take at least `minItemBytes` each, so a corrupt count cannot ask for more than the input holds.</summary>
    public int ReadCount(string field, int minItemBytes)
    {
        uint n = ReadU32(field + " count");
        if (n > (uint)(Remaining / Math.Max(1, minItemBytes)))
            throw new ProofFormatException($"{_what}: {field} count {n} exceeds what the remaining {Remaining} bytes can hold");
        return (int)n;
    }

    public ulong ReadFelt(string field)
    {
        ulong v = ReadU64(field);
        if (v >= Goldilocks.P) throw new ProofFormatException($"{_what}: {field} value {v} is not a canonical field element (must be < p)");
        return v;
    }

    public Ext3 ReadExt(string field) => new(ReadFelt(field), ReadFelt(field), ReadFelt(field));

    public byte[] ReadDigest(string field) => Take(32, field).ToArray();

    public byte[]? ReadOptionalDigest(string field)
    {
        byte flag = ReadByte(field + " presence");
        return flag switch
        {
            0 => null,
            1 => ReadDigest(field),
            _ => throw new ProofFormatException($"{_what}: {field} presence flag must be 0 or 1, got {flag}"),
        };
    }

    public ulong[] ReadFelts(string field)
    {
        int n = ReadCount(field, 8);
        var a = new ulong[n];
        for (int i = 0; i < n; i++) a[i] = ReadFelt(field);
        return a;
    }

    public Ext3[] ReadExts(string field)
    {
        int n = ReadCount(field, 24);
        var a = new Ext3[n];
        for (int i = 0; i < n; i++) a[i] = ReadExt(field);
        return a;
    }

    public byte[] ReadDigests(string field)
    {
        int n = ReadCount(field, 32);
        return Take(n * 32, field).ToArray();
    }

    public readonly void ExpectEnd()
    {
        if (Remaining != 0) throw new ProofFormatException($"{_what}: {Remaining} trailing bytes after the end of the proof");
    }
}
