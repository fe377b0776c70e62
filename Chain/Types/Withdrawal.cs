using System.Text.Json;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>An EIP-4895 beacon-chain withdrawal (amount in gwei).</summary>
public sealed record Withdrawal(ulong Index, ulong ValidatorIndex, Address Address, ulong AmountGwei)
{
    /// <summary>RLP: [index, validatorIndex, address, amount].</summary>
    public byte[] Encode()
    {
        var w = new RlpWriter(64);
        var m = w.StartList();
        w.WriteUInt64(Index);
        w.WriteUInt64(ValidatorIndex);
        w.Write(Address);
        w.WriteUInt64(AmountGwei);
        w.EndList(m);
        return w.ToArray();
    }

    /// <summary>Reads one withdrawal list.</summary>
    public static Withdrawal Read(ref RlpReader reader)
    {
        var r = reader.ReadList();
        var wd = new Withdrawal(r.ReadUInt64(), r.ReadUInt64(), r.ReadAddress(), r.ReadUInt64());
        r.EnsureEnd("withdrawal");
        return wd;
    }

    /// <summary>Parses a JSON-RPC withdrawal object.</summary>
    public static Withdrawal FromJson(JsonElement e) => new(
        Json.Quantity(e, "index"), Json.Quantity(e, "validatorIndex"), Json.Address(e, "address"), Json.Quantity(e, "amount"));

    /// <summary>Withdrawals-trie root.</summary>
    public static Hash32 ComputeRoot(IReadOnlyList<Withdrawal> withdrawals) =>
        Trie.OrderedTrie.Root(withdrawals.Select(w => w.Encode()).ToList());
}
