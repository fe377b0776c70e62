using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcInt = Org.BouncyCastle.Math.BigInteger;

namespace Wsc.Chain.Crypto;

/// <summary>A secp256k1 private key: deterministic (RFC 6979) low-s signing with a recovery id, and its address.</summary>
public sealed class PrivateKey
{
    private readonly BcInt _d;
    private readonly ECPrivateKeyParameters _params;

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
        _params = new ECPrivateKeyParameters(_d, Secp256k1.Domain);
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

    /// <summary>Signs a 32-byte hash: RFC 6979 nonce, s normalised to the lower half, recovery id found by trial.</summary>
    public Signature Sign(Hash32 hash)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _params);
        var rs = signer.GenerateSignature(hash.ToArray());
        var r = rs[0];
        var s = rs[1];
        if (s.CompareTo(Secp256k1.HalfN) > 0)
        {
            s = Secp256k1.N.Subtract(s);
        }
        var nr = Secp256k1.ToNum(r);
        var ns = Secp256k1.ToNum(s);
        for (byte rec = 0; rec < 2; rec++)
        {
            var sig = new Signature(nr, ns, rec);
            if (Secp256k1.TryRecover(hash, sig) == Address)
            {
                return sig;
            }
        }
        throw new SignatureException("no recovery id reproduces the signing key");
    }

    public override string ToString() => $"PrivateKey({Address})";
}
