using System.Numerics;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>An EIP-7702 set-code authorization tuple signed by the delegating account.</summary>
public sealed record Authorization(BigInteger ChainId, Address Address, ulong Nonce, byte YParity, BigInteger R, BigInteger S)
{
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
