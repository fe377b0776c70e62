using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain;

/// <summary>Addresses of contracts created by CREATE and CREATE2 (EIP-1014).</summary>
public static class ContractAddress
{
    /// <summary>CREATE: last 20 bytes of keccak256(RLP([sender, nonce])).</summary>
    public static Address Create(Address sender, ulong nonce)
    {
        var w = new RlpWriter(32);
        var m = w.StartList();
        w.Write(sender);
        w.WriteUInt64(nonce);
        w.EndList(m);
        return new Address(Keccak.Hash(w.WrittenSpan).Span[12..]);
    }

    /// <summary>CREATE2: last 20 bytes of keccak256(0xff ‖ sender ‖ salt ‖ keccak256(initCode)).</summary>
    public static Address Create2(Address sender, Hash32 salt, ReadOnlySpan<byte> initCode)
    {
        Span<byte> buf = stackalloc byte[85];
        buf[0] = 0xff;
        sender.Span.CopyTo(buf[1..]);
        salt.CopyTo(buf[21..]);
        Keccak.Hash(initCode, buf[53..]);
        return new Address(Keccak.Hash(buf).Span[12..]);
    }
}
