using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Wsc.Chain.Crypto;

namespace Wsc.Chain;

/// <summary>A 20-byte Ethereum account address; ToString is lowercase 0x-hex, ToChecksumString is EIP-55.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public readonly struct Address : IEquatable<Address>, IComparable<Address>
{
    /// <summary>Size in bytes.</summary>
    public const int Size = 20;

    private readonly uint _a, _b, _c, _d, _e;

    /// <summary>The zero address.</summary>
    public static Address Zero => default;

    /// <summary>Copies exactly 20 bytes.</summary>
    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"address needs {Size} bytes, got {bytes.Length}", nameof(bytes));
        }
        this = MemoryMarshal.Read<Address>(bytes);
    }

    /// <summary>The 20 bytes as a read-only span over this value.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Span => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(in _a, 5));

    /// <summary>A fresh copy of the bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>Parses "0x" + 40 hex digits. Mixed-case input must carry a valid EIP-55 checksum.</summary>
    public static Address Parse(string hex)
    {
        Span<byte> b = stackalloc byte[Size];
        Hex.DecodeExact(hex, b);
        var address = new Address(b);
        var digits = hex.AsSpan(2);
        if (digits.ContainsAnyInRange('a', 'f') && digits.ContainsAnyInRange('A', 'F') && address.ToChecksumString() != hex)
        {
            throw new FormatException($"address '{hex}' has mixed case but a wrong EIP-55 checksum");
        }
        return address;
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? hex, out Address address)
    {
        address = default;
        if (hex is null)
        {
            return false;
        }
        try
        {
            address = Parse(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>EIP-55 mixed-case checksum form.</summary>
    public string ToChecksumString()
    {
        var lower = Convert.ToHexStringLower(Span);
        Span<byte> ascii = stackalloc byte[40];
        for (var i = 0; i < 40; i++)
        {
            ascii[i] = (byte)lower[i];
        }
        var hash = Keccak.Hash(ascii);
        var h = hash.Span;
        var chars = new char[42];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var nibble = (i % 2 == 0) ? h[i / 2] >> 4 : h[i / 2] & 0xF;
            var c = lower[i];
            chars[i + 2] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }
        return new string(chars);
    }

    public bool Equals(Address other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d && _e == other._e;

    public override bool Equals(object? obj) => obj is Address a && Equals(a);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d, _e);

    public int CompareTo(Address other) => Span.SequenceCompareTo(other.Span);

    public override string ToString() => Hex.Encode(Span);

    public static bool operator ==(Address left, Address right) => left.Equals(right);

    public static bool operator !=(Address left, Address right) => !left.Equals(right);

    public static bool operator <(Address left, Address right) => left.CompareTo(right) < 0;

    public static bool operator >(Address left, Address right) => left.CompareTo(right) > 0;

    public static bool operator <=(Address left, Address right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Address left, Address right) => left.CompareTo(right) >= 0;
}
