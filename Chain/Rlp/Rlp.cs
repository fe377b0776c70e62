using System.Numerics;

namespace Wsc.Chain.Rlp;

/// <summary>One-shot RLP helpers for single values.</summary>
public static class Rlp
{
    /// <summary>RLP of a byte string.</summary>
    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        var w = new RlpWriter(bytes.Length + 9);
        w.WriteBytes(bytes);
        return w.ToArray();
    }

    /// <summary>RLP of an unsigned integer.</summary>
    public static byte[] EncodeUInt64(ulong value)
    {
        var w = new RlpWriter(16);
        w.WriteUInt64(value);
        return w.ToArray();
    }

    /// <summary>RLP of a non-negative big integer.</summary>
    public static byte[] EncodeBigInteger(BigInteger value)
    {
        var w = new RlpWriter(48);
        w.WriteBigInteger(value);
        return w.ToArray();
    }

    /// <summary>Decodes a whole input that must be exactly one byte string.</summary>
    public static byte[] DecodeBytes(ReadOnlySpan<byte> encoded)
    {
        var r = new RlpReader(encoded);
        var b = r.ReadByteArray();
        r.EnsureEnd("RLP string");
        return b;
    }
}
