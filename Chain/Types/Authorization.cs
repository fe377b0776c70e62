using System.Numerics;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>An EIP-7702 set-code authorization tuple signed by the delegating account.</summary>
public sealed record Authorization(BigInteger ChainId, Address Address, ulong Nonce, byte YParity, BigInteger R, BigInteger S)
{
    /// <summary>The hash the authority signs: keccak256(0x05 ‖ RLP([chainId, address, nonce])).</summary>
    public Hash32 SigningHash()
    {
        var w = new RlpWriter(64);
        w.WriteRaw([0x05]);
        var m = w.StartList();
        w.WriteBigInteger(ChainId);
        w.Write(Address);
        w.WriteUInt64(Nonce);
        w.EndList(m);
        return Keccak.Hash(w.WrittenSpan);
    }

    /// <summary>The account delegating its code (recovered from the tuple's signature).</summary>
    public Address RecoverAuthority() => Secp256k1.Recover(SigningHash(), new Signature(R, S, YParity));

    /// <summary>Signs a delegation of <paramref name="key"/>'s account to <paramref name="address"/>.</summary>
    public static Authorization Sign(PrivateKey key, BigInteger chainId, Address address, ulong nonce)
    {
        ArgumentNullException.ThrowIfNull(key);
        var unsigned = new Authorization(chainId, address, nonce, 0, 0, 0);
        var sig = key.Sign(unsigned.SigningHash());
        return unsigned with { YParity = sig.RecoveryId, R = sig.R, S = sig.S };
    }

    internal void Write(RlpWriter w)
    {
        var m = w.StartList();
        w.WriteBigInteger(ChainId);
        w.Write(Address);
        w.WriteUInt64(Nonce);
        w.WriteUInt64(YParity);
        w.WriteBigInteger(R);
        w.WriteBigInteger(S);
        w.EndList(m);
    }

    internal static Authorization Read(ref RlpReader reader)
    {
        var r = reader.ReadList();
        var chainId = r.ReadBigInteger();
        var address = r.ReadAddress();
        var nonce = r.ReadUInt64();
        var y = r.ReadUInt64();
        if (y > 255)
        {
            throw new RlpException($"authorization yParity {y} does not fit a byte");
        }
        var a = new Authorization(chainId, address, nonce, (byte)y, r.ReadBigInteger(), r.ReadBigInteger());
        r.EnsureEnd("authorization");
        return a;
    }
}
