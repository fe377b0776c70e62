using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC;
using BcInt = Org.BouncyCastle.Math.BigInteger;
using NumInt = System.Numerics.BigInteger;

namespace Wsc.Chain.Crypto;

/// <summary>secp256k1 public-key recovery and address derivation on BouncyCastle.</summary>
public static class Secp256k1
{
    internal static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    internal static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    internal static readonly BcInt N = Curve.N;
    internal static readonly BcInt HalfN = Curve.N.ShiftRight(1);

    /// <summary>The group order n.</summary>
    public static NumInt Order { get; } = ToNum(Curve.N);

    /// <summary>Recovers the signer's address; throws <see cref="SignatureException"/> for an invalid or high-s signature.</summary>
    public static Address Recover(Hash32 hash, Signature signature)
    {
        var q = RecoverPublicKey(hash, signature) ?? throw new SignatureException("signature does not recover to a public key");
        return ToAddress(q);
    }

    /// <summary>Recovers the signer's address, or null when the signature is invalid.</summary>
    public static Address? TryRecover(Hash32 hash, Signature signature)
    {
        try
        {
            var q = RecoverPublicKey(hash, signature);
            return q is null ? null : ToAddress(q);
        }
        catch (SignatureException)
        {
            return null;
        }
    }

    /// <summary>Recovers the signer of an EIP-191 personal_sign message from its 65-byte signature.</summary>
    public static Address RecoverPersonal(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        PersonalMessage.Recover(message, signature);

    /// <summary>Address of an uncompressed public key: last 20 bytes of keccak(X ‖ Y).</summary>
    internal static Address ToAddress(ECPoint q)
    {
        var enc = q.Normalize().GetEncoded(false);
        var h = Keccak.Hash(enc.AsSpan(1));
        return new Address(h.Span[12..]);
    }

    internal static ECPoint? RecoverPublicKey(Hash32 hash, Signature sig)
    {
        if (sig.RecoveryId > 1)
        {
            throw new SignatureException($"recovery id {sig.RecoveryId} is not 0 or 1");
        }
        var r = ToBc(sig.R);
        var s = ToBc(sig.S);
        if (r.SignValue <= 0 || r.CompareTo(N) >= 0 || s.SignValue <= 0 || s.CompareTo(N) >= 0)
        {
            throw new SignatureException("signature r or s is outside [1, n-1]");
        }
        if (s.CompareTo(HalfN) > 0)
        {
            // EIP-2: only low-s signatures are valid, otherwise each signature would have a malleable twin.
            throw new SignatureException("signature s is in the upper half of the order (not low-s)");
        }
        // x = r (the r + n case has probability ~2^-128 and is not produced by honest signers).
        var xBytes = r.ToByteArrayUnsigned();
        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 + sig.RecoveryId);
        xBytes.CopyTo(compressed, 33 - xBytes.Length);
        ECPoint bigR;
        try
        {
            bigR = Curve.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null;
        }
        var e = new BcInt(1, hash.ToArray());
        var rInv = r.ModInverse(N);
        var u1 = e.Negate().Multiply(rInv).Mod(N);
        var u2 = s.Multiply(rInv).Mod(N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Curve.G, u1, bigR, u2).Normalize();
        return q.IsInfinity ? null : q;
    }

    internal static BcInt ToBc(NumInt v) => new(1, v.ToByteArray(isUnsigned: true, isBigEndian: true));

    internal static NumInt ToNum(BcInt v) => new(v.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
}
