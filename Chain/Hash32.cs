using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Wsc.Chain;

/// <summary>A 32-byte hash (block, transaction, trie root, topic), printed as lowercase 0x-hex.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Hash32 : IEquatable<Hash32>, IComparable<Hash32>
{
    /// <summary>Size in bytes.</summary>
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

    /// <summary>The all-zero hash.</summary>
    public static Hash32 Zero => default;

    /// <summary>Copies exactly 32 bytes.</summary>
    public Hash32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"hash needs {Size} bytes, got {bytes.Length}", nameof(bytes));
        }
        this = MemoryMarshal.Read<Hash32>(bytes);
    }

    /// <summary>The 32 bytes as a read-only span over this value.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Span => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(in _a, 4));

    /// <summary>A fresh copy of the bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>Writes the 32 bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => Span.CopyTo(destination);

    /// <summary>Parses "0x" + 64 hex digits.</summary>
    public static Hash32 Parse(string hex)
    {
        Span<byte> b = stackalloc byte[Size];
        Hex.DecodeExact(hex, b);
        return new Hash32(b);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? hex, out Hash32 hash)
    {
        hash = default;
        if (hex is null)
        {
            return false;
        }
        try
        {
            hash = Parse(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public bool Equals(Hash32 other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is Hash32 h && Equals(h);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    public int CompareTo(Hash32 other) => Span.SequenceCompareTo(other.Span);

    public override string ToString() => Hex.Encode(Span);

    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);

    public static bool operator <(Hash32 left, Hash32 right) => left.CompareTo(right) < 0;

    public static bool operator >(Hash32 left, Hash32 right) => left.CompareTo(right) > 0;

    public static bool operator <=(Hash32 left, Hash32 right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Hash32 left, Hash32 right) => left.CompareTo(right) >= 0;
}
