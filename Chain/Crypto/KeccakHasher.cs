using Org.BouncyCastle.Crypto.Digests;

namespace Wsc.Chain.Crypto;

/// <summary>Incremental Keccak-256: append pieces, then finish once; reusable after Finish.</summary>
public sealed class KeccakHasher
{
    private readonly KeccakDigest _digest = new(256);

    /// <summary>Feeds more input.</summary>
    public KeccakHasher Append(ReadOnlySpan<byte> data)
    {
        _digest.BlockUpdate(data);
        return this;
    }

    /// <summary>Returns the hash of everything appended and resets for reuse.</summary>
    public Hash32 Finish()
    {
        Span<byte> output = stackalloc byte[32];
        _digest.DoFinal(output);
        return new Hash32(output);
    }

    /// <summary>Discards input appended so far.</summary>
    public void Reset() => _digest.Reset();
}
