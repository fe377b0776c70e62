using Org.BouncyCastle.Crypto.Digests;

namespace Wsc.Chain.Crypto;

/// <summary>Keccak-256 as Ethereum uses it (the original padding, not NIST SHA3-256).</summary>
public static class Keccak
{
    // KeccakDigest carries state; one per thread keeps one-shot hashing allocation-free.
    [ThreadStatic]
    private static KeccakDigest? _digest;

    /// <summary>keccak256("") — the hash of empty input.</summary>
    public static readonly Hash32 EmptyHash = Hash32.Parse("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");

    /// <summary>keccak256(RLP([])) — the empty uncle list hash.</summary>
    public static readonly Hash32 EmptyListHash = Hash32.Parse("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");

    /// <summary>Hashes the bytes.</summary>
    public static Hash32 Hash(ReadOnlySpan<byte> data)
    {
        var d = _digest ??= new KeccakDigest(256);
        d.BlockUpdate(data);
        Span<byte> output = stackalloc byte[32];
        d.DoFinal(output);
        return new Hash32(output);
    }

    /// <summary>Hashes the bytes into a 32-byte destination.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var d = _digest ??= new KeccakDigest(256);
        d.BlockUpdate(data);
        d.DoFinal(destination[..32]);
    }

    /// <summary>Hashes the UTF-8 bytes of a string (function and event signatures).</summary>
    public static Hash32 Hash(string text) => Hash(System.Text.Encoding.UTF8.GetBytes(text));
}
