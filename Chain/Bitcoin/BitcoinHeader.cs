using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Wsc.Chain.Bitcoin;

/// <summary>
/// An 80-byte Bitcoin block header. Hashes are kept in wire (little-endian) byte order; <see cref="Id"/> gives
/// the reversed hex that explorers print.
/// </summary>
public sealed class BitcoinHeader
{
    /// <summary>Serialized size.</summary>
    public const int Size = 80;

    public required int Version { get; init; }
    /// <summary>Previous block hash in wire order.</summary>
    public required Hash32 PrevBlock { get; init; }
    /// <summary>Merkle root in wire order.</summary>
    public required Hash32 MerkleRoot { get; init; }
    public required uint Time { get; init; }
    /// <summary>Compact difficulty target.</summary>
    public required uint Bits { get; init; }
    public required uint Nonce { get; init; }

    /// <summary>double-SHA256 of the 80 bytes, wire order.</summary>
    public Hash32 Hash
    {
        get
        {
            Span<byte> raw = stackalloc byte[Size];
            Write(raw);
            Span<byte> h = stackalloc byte[32];
            SHA256.HashData(raw, h);
            SHA256.HashData(h, h);
            return new Hash32(h);
        }
    }

    /// <summary>The block id as displayed (byte-reversed hash, no 0x).</summary>
    public string Id => DisplayHex(Hash);

    /// <summary>The target encoded by <see cref="Bits"/>.</summary>
    public BigInteger Target => CompactToTarget(Bits);

    /// <summary>Expected number of hashes to find this block: 2^256 / (target + 1).</summary>
    public BigInteger Work => (BigInteger.One << 256) / (Target + 1);

    /// <summary>True if the hash, read as a little-endian number, is at most the target.</summary>
    public bool MeetsTarget => new BigInteger(Hash.Span, isUnsigned: true, isBigEndian: false) <= Target;

    /// <summary>Parses exactly 80 bytes.</summary>
    public static BitcoinHeader Parse(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != Size)
        {
            throw new FormatException($"Bitcoin header has {raw.Length} bytes; expected {Size}");
        }
        return new BitcoinHeader
        {
            Version = BinaryPrimitives.ReadInt32LittleEndian(raw),
            PrevBlock = new Hash32(raw[4..36]),
            MerkleRoot = new Hash32(raw[36..68]),
            Time = BinaryPrimitives.ReadUInt32LittleEndian(raw[68..]),
            Bits = BinaryPrimitives.ReadUInt32LittleEndian(raw[72..]),
            Nonce = BinaryPrimitives.ReadUInt32LittleEndian(raw[76..]),
        };
    }

    /// <summary>Parses 160 hex digits (with or without 0x).</summary>
    public static BitcoinHeader ParseHex(string hex) => Parse(Hex.Decode(hex.StartsWith("0x", StringComparison.Ordinal) ? hex : "0x" + hex));

    /// <summary>The 80 wire bytes.</summary>
    public byte[] Encode()
    {
        var b = new byte[Size];
        Write(b);
        return b;
    }

    private void Write(Span<byte> b)
    {
        BinaryPrimitives.WriteInt32LittleEndian(b, Version);
        PrevBlock.CopyTo(b[4..]);
        MerkleRoot.CopyTo(b[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[68..], Time);
        BinaryPrimitives.WriteUInt32LittleEndian(b[72..], Bits);
        BinaryPrimitives.WriteUInt32LittleEndian(b[76..], Nonce);
    }

    /// <summary>Decodes compact "bits" (a 3-byte mantissa with a base-256 exponent); negative or overflowing values are refused.</summary>
    public static BigInteger CompactToTarget(uint bits)
    {
        var exponent = (int)(bits >> 24);
        var mantissa = bits & 0x007FFFFF;
        if ((bits & 0x00800000) != 0 && mantissa != 0)
        {
            throw new FormatException($"compact target 0x{bits:x8} is negative");
        }
        var target = exponent <= 3 ? (BigInteger)(mantissa >> (8 * (3 - exponent))) : (BigInteger)mantissa << (8 * (exponent - 3));
        if (target.GetBitLength() > 256)
        {
            throw new FormatException($"compact target 0x{bits:x8} overflows 256 bits");
        }
        return target;
    }

    /// <summary>Encodes a target in compact form, as Bitcoin Core's GetCompact does.</summary>
    public static uint TargetToCompact(BigInteger target)
    {
        var size = target.IsZero ? 0 : target.GetByteCount(isUnsigned: true);
        uint compact = size <= 3 ? (uint)(target << (8 * (3 - size))) : (uint)(target >> (8 * (size - 3)));
        if ((compact & 0x00800000) != 0)
        {
            compact >>= 8;
            size++;
        }
        return compact | ((uint)size << 24);
    }

    /// <summary>Hex of a wire-order hash reversed for display.</summary>
    public static string DisplayHex(Hash32 wireOrder)
    {
        Span<byte> r = stackalloc byte[32];
        wireOrder.CopyTo(r);
        r.Reverse();
        return Convert.ToHexStringLower(r);
    }

    public override string ToString() => Id;
}
