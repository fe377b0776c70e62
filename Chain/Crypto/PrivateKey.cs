using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC.Multiplier;
using BcInt = Org.BouncyCastle.Math.BigInteger;

namespace Wsc.Chain.Crypto;

/// <summary>A secp256k1 private key: deterministic (RFC 6979) low-s signing with a recovery id, and its address.</summary>
public sealed class PrivateKey
{
    private readonly BcInt _d;

    /// <summary>Wraps 32 key bytes; the scalar must be in [1, n-1].</summary>
    public PrivateKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException($"private key needs 32 bytes, got {key.Length}", nameof(key));
        }
        _d = new BcInt(1, key.ToArray());
        if (_d.SignValue <= 0 || _d.CompareTo(Secp256k1.N) >= 0)
        {
            throw new ArgumentException("private key is zero or not below the curve order", nameof(key));
        }
        var q = Secp256k1.Domain.G.Multiply(_d).Normalize();
        PublicKey = q.GetEncoded(false);
        Address = Secp256k1.ToAddress(q);
    }

    /// <summary>Parses "0x" + 64 hex digits.</summary>
    public static PrivateKey FromHex(string hex)
    {
        Span<byte> b = stackalloc byte[32];
        Hex.DecodeExact(hex, b);
        return new PrivateKey(b);
    }

    /// <summary>A fresh random key (for tests and devnets).</summary>
    public static PrivateKey Generate()
    {
        Span<byte> b = stackalloc byte[32];
        while (true)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(b);
            var d = new BcInt(1, b.ToArray());
            if (d.SignValue > 0 && d.CompareTo(Secp256k1.N) < 0)
            {
                return new PrivateKey(b);
            }
        }
    }

    /// <summary>The account address.</summary>
    public Address Address { get; }

    /// <summary>Uncompressed public key (0x04 ‖ X ‖ Y).</summary>
    public byte[] PublicKey { get; }

    /// <summary>Signs a 32-byte hash: RFC 6979 nonce, s normalised to the lower half, recovery id from R's y parity.</summary>
    public Signature Sign(Hash32 hash)
    {
        // ECDSA written out (rather than ECDsaSigner) so that the recovery id falls out of R instead of trial recoveries.
        var n = Secp256k1.N;
        var message = hash.ToArray();
        var e = new BcInt(1, message);
        var kCalc = new HMacDsaKCalculator(new Sha256Digest());
        kCalc.Init(n, _d, message);
        var multiplier = new FixedPointCombMultiplier();
        while (true)
        {
            var k = kCalc.NextK();
            var point = multiplier.Multiply(Secp256k1.Domain.G, k).Normalize();
            var r = point.AffineXCoord.ToBigInteger().Mod(n);
            if (r.SignValue == 0)
            {
                continue;
            }
            var s = k.ModInverse(n).Multiply(e.Add(_d.Multiply(r))).Mod(n);
            if (s.SignValue == 0)
            {
                continue;
            }
            // r = R.x exceeds n with probability ~2^-128; such a signature would need recovery id 2/3, so draw another k.
            if (point.AffineXCoord.ToBigInteger().CompareTo(n) >= 0)
            {
                continue;
            }
            var recovery = (byte)(point.AffineYCoord.TestBitZero() ? 1 : 0);
            if (s.CompareTo(Secp256k1.HalfN) > 0)
            {
                s = n.Subtract(s);
                recovery ^= 1;
            }
            return new Signature(Secp256k1.ToNum(r), Secp256k1.ToNum(s), recovery);
        }
    }

    public override string ToString() => $"PrivateKey({Address})";
}
