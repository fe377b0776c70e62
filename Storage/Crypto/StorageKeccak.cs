using System.Buffers.Binary;
using Wsc.Chain.Crypto;

namespace Wsc.Storage.Crypto;

/// <summary>
/// Keccak-256 entry points for the storage hot loops: <see cref="ShortKeccak"/> for inputs within one block (Merkle
/// nodes, seeds), `Wsc.Chain.Crypto.Keccak` for anything longer.
/// </summary>
public static class StorageKeccak
{
    /// <summary>Hashes <paramref name="data"/> into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (data.Length == 64)
        {
            ShortKeccak.HashPair(data[..32], data[32..], destination);
        }
        else if (data.Length <= ShortKeccak.MaxInput)
        {
            ShortKeccak.Hash(data, destination);
        }
        else
        {
            Keccak.Hash(data, destination);
        }
    }

    /// <summary>Hashes the concatenation of two spans (a Merkle node: left || right).</summary>
    public static void Hash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length == 32 && right.Length == 32)
        {
            ShortKeccak.HashPair(left, right, destination);
            return;
        }
        var total = left.Length + right.Length;
        if (total <= ShortKeccak.MaxInput)
        {
            Span<byte> joined = stackalloc byte[total];
            left.CopyTo(joined);
            right.CopyTo(joined[left.Length..]);
            ShortKeccak.Hash(joined, destination);
            return;
        }
        var joinedLong = new byte[total];
        left.CopyTo(joinedLong);
        right.CopyTo(joinedLong.AsSpan(left.Length));
        Keccak.Hash(joinedLong, destination);
    }

    /// <summary>Hashes <paramref name="data"/> and returns a fresh 32-byte array.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var output = new byte[32];
        Hash(data, output);
        return output;
    }

    /// <summary>keccak(prefix || uint32be(value)): the seeds of placement, masking and sampling.</summary>
    public static void HashWithIndex(ReadOnlySpan<byte> prefix, uint value, Span<byte> destination)
    {
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, value);
        Hash(prefix, tail, destination);
    }
}
