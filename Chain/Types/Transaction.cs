using System.Numerics;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>
/// A signed transaction of any type 0-4 (legacy, EIP-2930, EIP-1559, EIP-4844 blob, EIP-7702 set-code).
/// <see cref="Encode"/> is the EIP-2718 envelope whose keccak is the transaction hash.
/// </summary>
public sealed class Transaction
{
    private Hash32? _hash;

    public TransactionType Type { get; init; }
    /// <summary>Chain id; for legacy transactions derived from v under EIP-155, null before it.</summary>
    public BigInteger? ChainId { get; init; }
    public ulong Nonce { get; init; }
    /// <summary>Gas price (types 0 and 1).</summary>
    public BigInteger GasPrice { get; init; }
    /// <summary>Tip cap (types 2-4).</summary>
    public BigInteger MaxPriorityFeePerGas { get; init; }
    /// <summary>Fee cap (types 2-4).</summary>
    public BigInteger MaxFeePerGas { get; init; }
    public ulong Gas { get; init; }
    /// <summary>Recipient; null creates a contract (not allowed for types 3 and 4).</summary>
    public Address? To { get; init; }
    public BigInteger Value { get; init; }
    public byte[] Input { get; init; } = [];
    public IReadOnlyList<AccessListItem> AccessList { get; init; } = [];
    public BigInteger MaxFeePerBlobGas { get; init; }
    public IReadOnlyList<Hash32> BlobVersionedHashes { get; init; } = [];
    public IReadOnlyList<Authorization> AuthorizationList { get; init; } = [];

    /// <summary>Signature v: the full legacy v (27/28 or chainId*2+35/36), or yParity (0/1) for typed transactions.</summary>
    public BigInteger V { get; init; }
    public BigInteger R { get; init; }
    public BigInteger S { get; init; }

    /// <summary>Sender as reported by a JSON-RPC node (not verified; use <see cref="RecoverSender"/>).</summary>
    public Address? From { get; init; }
    public Hash32? BlockHash { get; init; }
    public ulong? BlockNumber { get; init; }
    public ulong? TransactionIndex { get; init; }

    /// <summary>keccak256 of the envelope.</summary>
    public Hash32 Hash => _hash ??= Keccak.Hash(Encode());

    /// <summary>The 0/1 recovery id of the signature.</summary>
    public byte RecoveryId
    {
        get
        {
            if (Type != TransactionType.Legacy)
            {
                return V <= 1 && V >= 0 ? (byte)V : throw new InvalidOperationException($"typed transaction yParity {V} is not 0 or 1");
            }
            if (V == 27 || V == 28)
            {
                return (byte)(V - 27);
            }
            if (V >= 35)
            {
                return (byte)((V - 35) % 2);
            }
            throw new InvalidOperationException($"legacy transaction v {V} is neither 27/28 nor EIP-155");
        }
    }

    /// <summary>EIP-2718 envelope: RLP list for legacy, type byte followed by RLP otherwise.</summary>
    public byte[] Encode()
    {
        var w = new RlpWriter(256 + Input.Length);
        WriteEnvelope(w, signed: true);
        return w.ToArray();
    }

    /// <summary>The hash the sender signs (EIP-155 for legacy with a chain id, type-prefixed otherwise).</summary>
    public Hash32 SigningHash()
    {
        var w = new RlpWriter(256 + Input.Length);
        WriteEnvelope(w, signed: false);
        return Keccak.Hash(w.WrittenSpan);
    }

    /// <summary>Recovers the signer from the signature.</summary>
    public Address RecoverSender() => Secp256k1.Recover(SigningHash(), new Signature(R, S, RecoveryId));

    /// <summary>Returns a copy carrying <paramref name="signature"/> (v adjusted for the type and chain id).</summary>
    public Transaction WithSignature(Signature signature)
    {
        BigInteger v = Type != TransactionType.Legacy
            ? signature.RecoveryId
            : ChainId is { } id ? (id * 2) + 35 + signature.RecoveryId : 27 + signature.RecoveryId;
        return new Transaction
        {
            Type = Type, ChainId = ChainId, Nonce = Nonce, GasPrice = GasPrice, MaxPriorityFeePerGas = MaxPriorityFeePerGas,
            MaxFeePerGas = MaxFeePerGas, Gas = Gas, To = To, Value = Value, Input = Input, AccessList = AccessList,
            MaxFeePerBlobGas = MaxFeePerBlobGas, BlobVersionedHashes = BlobVersionedHashes, AuthorizationList = AuthorizationList,
            V = v, R = signature.R, S = signature.S,
        };
    }

    /// <summary>Signs with <paramref name="key"/> and returns the signed transaction.</summary>
    public Transaction Sign(PrivateKey key) => WithSignature(key.Sign(SigningHash()));

    private void WriteEnvelope(RlpWriter w, bool signed)
    {
        if (Type != TransactionType.Legacy)
        {
            w.WriteRaw([(byte)Type]);
        }
        var m = w.StartList();
        switch (Type)
        {
            case TransactionType.Legacy:
                w.WriteUInt64(Nonce);
                w.WriteBigInteger(GasPrice);
                w.WriteUInt64(Gas);
                w.Write(To);
                w.WriteBigInteger(Value);
                w.WriteBytes(Input);
                if (signed)
                {
                    w.WriteBigInteger(V);
                    w.WriteBigInteger(R);
                    w.WriteBigInteger(S);
                }
                else if (ChainId is { } id)
                {
                    w.WriteBigInteger(id);
                    w.WriteUInt64(0);
                    w.WriteUInt64(0);
                }
                w.EndList(m);
                return;
            case TransactionType.AccessList:
                w.WriteBigInteger(RequireChainId());
                w.WriteUInt64(Nonce);
                w.WriteBigInteger(GasPrice);
                w.WriteUInt64(Gas);
                w.Write(To);
                w.WriteBigInteger(Value);
                w.WriteBytes(Input);
                AccessListItem.WriteList(w, AccessList);
                break;
            case TransactionType.DynamicFee:
            case TransactionType.Blob:
            case TransactionType.SetCode:
                w.WriteBigInteger(RequireChainId());
                w.WriteUInt64(Nonce);
                w.WriteBigInteger(MaxPriorityFeePerGas);
                w.WriteBigInteger(MaxFeePerGas);
                w.WriteUInt64(Gas);
                if (Type != TransactionType.DynamicFee && To is null)
                {
                    throw new InvalidOperationException($"{Type} transaction needs a 'to' address");
                }
                w.Write(To);
                w.WriteBigInteger(Value);
                w.WriteBytes(Input);
                AccessListItem.WriteList(w, AccessList);
                if (Type == TransactionType.Blob)
                {
                    w.WriteBigInteger(MaxFeePerBlobGas);
                    var bm = w.StartList();
                    foreach (var h in BlobVersionedHashes)
                    {
                        w.Write(h);
                    }
                    w.EndList(bm);
                }
                else if (Type == TransactionType.SetCode)
                {
                    var am = w.StartList();
                    foreach (var a in AuthorizationList)
                    {
                        a.Write(w);
                    }
                    w.EndList(am);
                }
                break;
            default:
                throw new InvalidOperationException($"unknown transaction type {(byte)Type}");
        }
        if (signed)
        {
            w.WriteBigInteger(V);
            w.WriteBigInteger(R);
            w.WriteBigInteger(S);
        }
        w.EndList(m);
    }

    private BigInteger RequireChainId() => ChainId ?? throw new InvalidOperationException($"{Type} transaction needs a chain id");

    /// <summary>Strictly decodes an EIP-2718 envelope spanning the whole input (eth_sendRawTransaction form).</summary>
    public static Transaction Decode(ReadOnlySpan<byte> envelope)
    {
        if (envelope.IsEmpty)
        {
            throw new RlpException("empty transaction encoding");
        }
        if (envelope[0] >= 0xC0)
        {
            var r = new RlpReader(envelope);
            var tx = ReadLegacy(ref r);
            r.EnsureEnd("legacy transaction");
            return tx;
        }
        return DecodeTyped(envelope);
    }

    /// <summary>Reads a transaction as it appears in a block body: a legacy list or a string holding a typed envelope.</summary>
    public static Transaction Read(ref RlpReader reader)
    {
        if (reader.NextIsList)
        {
            return ReadLegacy(ref reader);
        }
        var envelope = reader.ReadBytes();
        if (envelope.IsEmpty || envelope[0] >= 0x80)
        {
            throw new RlpException("typed transaction in block body must start with a type byte below 0x80");
        }
        return DecodeTyped(envelope);
    }

    private static Transaction ReadLegacy(ref RlpReader reader)
    {
        var r = reader.ReadList();
        var nonce = r.ReadUInt64();
        var gasPrice = r.ReadBigInteger();
        var gas = r.ReadUInt64();
        var to = r.ReadOptionalAddress();
        var value = r.ReadBigInteger();
        var input = r.ReadByteArray();
        var v = r.ReadBigInteger();
        var rr = r.ReadBigInteger();
        var s = r.ReadBigInteger();
        r.EnsureEnd("legacy transaction");
        return new Transaction
        {
            Type = TransactionType.Legacy, ChainId = v >= 35 ? (v - 35) / 2 : null, Nonce = nonce, GasPrice = gasPrice, Gas = gas,
            To = to, Value = value, Input = input, V = v, R = rr, S = s,
        };
    }

    private static Transaction DecodeTyped(ReadOnlySpan<byte> envelope)
    {
        var type = envelope[0];
        if (type is < 1 or > 4)
        {
            throw new RlpException($"transaction type {type} is not 1-4");
        }
        var outer = new RlpReader(envelope[1..]);
        var r = outer.ReadList();
        outer.EnsureEnd("typed transaction");
        var t = (TransactionType)type;
        var chainId = r.ReadBigInteger();
        var nonce = r.ReadUInt64();
        BigInteger gasPrice = 0, tip = 0, feeCap = 0, blobFee = 0;
        if (t == TransactionType.AccessList)
        {
            gasPrice = r.ReadBigInteger();
        }
        else
        {
            tip = r.ReadBigInteger();
            feeCap = r.ReadBigInteger();
        }
        var gas = r.ReadUInt64();
        var to = r.ReadOptionalAddress();
        if (to is null && t is TransactionType.Blob or TransactionType.SetCode)
        {
            throw new RlpException($"{t} transaction has an empty 'to'");
        }
        var value = r.ReadBigInteger();
        var input = r.ReadByteArray();
        var accessList = AccessListItem.ReadList(ref r);
        var blobHashes = new List<Hash32>();
        var auths = new List<Authorization>();
        if (t == TransactionType.Blob)
        {
            blobFee = r.ReadBigInteger();
            var br = r.ReadList();
            while (br.HasMore)
            {
                blobHashes.Add(br.ReadHash32());
            }
        }
        else if (t == TransactionType.SetCode)
        {
            var ar = r.ReadList();
            while (ar.HasMore)
            {
                auths.Add(Authorization.Read(ref ar));
            }
        }
        var v = r.ReadBigInteger();
        if (v > 1)
        {
            throw new RlpException($"typed transaction yParity {v} is not 0 or 1");
        }
        var rr = r.ReadBigInteger();
        var s = r.ReadBigInteger();
        r.EnsureEnd("typed transaction");
        return new Transaction
        {
            Type = t, ChainId = chainId, Nonce = nonce, GasPrice = gasPrice, MaxPriorityFeePerGas = tip, MaxFeePerGas = feeCap,
            Gas = gas, To = to, Value = value, Input = input, AccessList = accessList, MaxFeePerBlobGas = blobFee,
            BlobVersionedHashes = blobHashes, AuthorizationList = auths, V = v, R = rr, S = s,
        };
    }

    /// <summary>Parses a JSON-RPC transaction object (eth_getTransactionByHash, full blocks).</summary>
    public static Transaction FromJson(JsonElement e)
    {
        var typeNum = Json.OptionalQuantity(e, "type") ?? 0;
        if (typeNum > 4)
        {
            throw new FormatException($"transaction type {typeNum} is not 0-4");
        }
        var t = (TransactionType)typeNum;
        var accessList = new List<AccessListItem>();
        if (Json.TryGet(e, "accessList", out var al))
        {
            foreach (var item in al.EnumerateArray())
            {
                var keys = Json.Array(item, "storageKeys").EnumerateArray().Select(k => Hash32.Parse(k.GetString()!)).ToList();
                accessList.Add(new AccessListItem(Json.Address(item, "address"), keys));
            }
        }
        var blobHashes = Json.TryGet(e, "blobVersionedHashes", out var bh)
            ? bh.EnumerateArray().Select(k => Hash32.Parse(k.GetString()!)).ToList()
            : [];
        var auths = new List<Authorization>();
        if (Json.TryGet(e, "authorizationList", out var au))
        {
            foreach (var a in au.EnumerateArray())
            {
                var y = Json.Quantity(a, "yParity");
                auths.Add(new Authorization(Json.BigQuantity(a, "chainId"), Json.Address(a, "address"), Json.Quantity(a, "nonce"),
                    y <= 1 ? (byte)y : throw new FormatException($"authorization yParity {y} is not 0 or 1"),
                    Json.BigQuantity(a, "r"), Json.BigQuantity(a, "s")));
            }
        }
        var v = t == TransactionType.Legacy ? Json.BigQuantity(e, "v") : Json.OptionalBigQuantity(e, "yParity") ?? Json.BigQuantity(e, "v");
        var chainId = Json.OptionalBigQuantity(e, "chainId");
        if (t == TransactionType.Legacy)
        {
            // A node may report the chain id of a pre-EIP-155 transaction; the signature is what counts.
            chainId = v >= 35 ? (v - 35) / 2 : null;
        }
        var dynamic = t is TransactionType.DynamicFee or TransactionType.Blob or TransactionType.SetCode;
        return new Transaction
        {
            Type = t,
            ChainId = chainId,
            Nonce = Json.Quantity(e, "nonce"),
            GasPrice = dynamic ? 0 : Json.BigQuantity(e, "gasPrice"),
            MaxPriorityFeePerGas = dynamic ? Json.BigQuantity(e, "maxPriorityFeePerGas") : 0,
            MaxFeePerGas = dynamic ? Json.BigQuantity(e, "maxFeePerGas") : 0,
            Gas = Json.Quantity(e, "gas"),
            To = Json.OptionalAddress(e, "to"),
            Value = Json.BigQuantity(e, "value"),
            Input = Json.Bytes(e, "input"),
            AccessList = accessList,
            MaxFeePerBlobGas = t == TransactionType.Blob ? Json.BigQuantity(e, "maxFeePerBlobGas") : 0,
            BlobVersionedHashes = blobHashes,
            AuthorizationList = auths,
            V = v,
            R = Json.BigQuantity(e, "r"),
            S = Json.BigQuantity(e, "s"),
            From = Json.OptionalAddress(e, "from"),
            BlockHash = Json.OptionalHash(e, "blockHash"),
            BlockNumber = Json.OptionalQuantity(e, "blockNumber"),
            TransactionIndex = Json.OptionalQuantity(e, "transactionIndex"),
        };
    }

    /// <summary>Transactions-trie root of a block's transactions in order.</summary>
    public static Hash32 ComputeRoot(IReadOnlyList<Transaction> transactions) =>
        Trie.OrderedTrie.Root(transactions.Select(t => t.Encode()).ToList());
}
