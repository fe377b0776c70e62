using System.Numerics;

namespace Wsc.Chain.Crypto;

/// <summary>A secp256k1 ECDSA signature with its 0/1 recovery id.</summary>
public readonly record struct Signature(BigInteger R, BigInteger S, byte RecoveryId)
{
    /// <summary>65 bytes r ‖ s ‖ v with v = 27 + recovery id (the personal_sign / eth_sign wire form).</summary>
    public byte[] ToBytes()
    {
        var b = new byte[65];
        R.TryWriteBytes(b.AsSpan(32 - R.GetByteCount(true), 32), out _, isUnsigned: true, isBigEndian: true);
        S.TryWriteBytes(b.AsSpan(64 - S.GetByteCount(true), 32), out _, isUnsigned: true, isBigEndian: true);
        b[64] = (byte)(27 + RecoveryId);
        return b;
    }

    /// <summary>Parses 65 bytes r ‖ s ‖ v where v is 0/1 or 27/28.</summary>
    public static Signature FromBytes(ReadOnlySpan<byte> sig)
    {
        if (sig.Length != 65)
        {
            throw new FormatException($"signature has {sig.Length} bytes; expected 65 (r, s, v)");
        }
        var v = sig[64];
        var rec = v switch
        {
            0 or 1 => v,
            27 or 28 => (byte)(v - 27),
            _ => throw new FormatException($"signature v {v} is not 0, 1, 27 or 28"),
        };
        return new Signature(
            new BigInteger(sig[..32], isUnsigned: true, isBigEndian: true),
            new BigInteger(sig[32..64], isUnsigned: true, isBigEndian: true),
            rec);
    }
}
