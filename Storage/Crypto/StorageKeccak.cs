using System.Buffers.Binary;
using Org.BouncyCastle.Crypto.Digests;
using Wsc.Chain.Crypto;

namespace Wsc.Storage.Crypto;

/// <summary>
/// Keccak-256 entry points for the storage hot loops: `Wsc.Chain.Crypto.Keccak` for one input, and a thread-local digest
/// for the two-part inputs of Merkle nodes and seeds, which would otherwise need a copy into one buffer.
/// </summary>
public static class StorageKeccak
{
    // KeccakDigest carries state; one per thread keeps the Merkle loops allocation-free.
    [ThreadStatic]
    private static KeccakDigest? _digest;

    /// <summary>Hashes <paramref name="data"/> into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination) => Keccak.Hash(data, destination);

    /// <summary>Hashes the concatenation of two spans (a Merkle node: left || right).</summary>
    public static void Hash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        var d = _digest ??= new KeccakDigest(256);
        d.BlockUpdate(left);
        d.BlockUpdate(right);
        d.DoFinal(destination[..32]);
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
