using System.Buffers.Binary;
using Wsc.Zk.Field;

namespace Wsc.Zk.Stark;

/// <summary>Little-endian writer matching <see cref="ProofReader"/>.</summary>
internal sealed class ProofWriter
{
    private readonly System.Buffers.ArrayBufferWriter<byte> _s = new();

    public void Byte(byte b) => System.Buffers.BuffersExtensions.Write(_s, [b]);

    public void U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        System.Buffers.BuffersExtensions.Write(_s, (ReadOnlySpan<byte>)b);
    }

    public void U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        System.Buffers.BuffersExtensions.Write(_s, (ReadOnlySpan<byte>)b);
    }

    public void U64(ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        System.Buffers.BuffersExtensions.Write(_s, (ReadOnlySpan<byte>)b);
    }

    public void Ext(Ext3 e)
    {
        U64(e.A0);
        U64(e.A1);
        U64(e.A2);
    }

    public void Digest(byte[] d) => System.Buffers.BuffersExtensions.Write(_s, (ReadOnlySpan<byte>)d);

    public void OptionalDigest(byte[]? d)
    {
        Byte(d is null ? (byte)0 : (byte)1);
        if (d is not null) Digest(d);
    }

    public void Felts(ReadOnlySpan<ulong> a)
    {
        U32((uint)a.Length);
        // In one block (a segment's public inputs can be hundreds of thousands of values): little-endian u64s.
        var span = _s.GetSpan(8 * a.Length)[..(8 * a.Length)];
        for (int i = 0; i < a.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(span[(8 * i)..], a[i]);
        _s.Advance(8 * a.Length);
    }

    public void Exts(ReadOnlySpan<Ext3> a)
    {
        U32((uint)a.Length);
        foreach (var v in a) Ext(v);
    }

    public void Digests(byte[] concatenated)
    {
        U32((uint)(concatenated.Length / 32));
        System.Buffers.BuffersExtensions.Write(_s, (ReadOnlySpan<byte>)concatenated);
    }

    public byte[] ToArray() => _s.WrittenSpan.ToArray();

    /// <summary>What is written so far, without a copy.</summary>
    public ReadOnlySpan<byte> Written => _s.WrittenSpan;
}
