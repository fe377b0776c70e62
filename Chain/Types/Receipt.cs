using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>
/// A transaction receipt. The consensus fields (status or pre-Byzantium post-state root, cumulative gas, bloom,
/// logs) make up the receipts-trie value; the rest is metadata a JSON-RPC node adds.
/// </summary>
public sealed class Receipt
{
    /// <summary>Transaction type 0-4 (the receipt is typed the same way).</summary>
    public byte Type { get; init; }
    /// <summary>EIP-658 status (true = success); null before Byzantium, where <see cref="PostState"/> is set.</summary>
    public bool? Status { get; init; }
    /// <summary>Intermediate state root (pre-Byzantium receipts only).</summary>
    public Hash32? PostState { get; init; }
    public required ulong CumulativeGasUsed { get; init; }
    public required Bloom Bloom { get; init; }
    public required IReadOnlyList<Log> Logs { get; init; }

    public Hash32? TransactionHash { get; init; }
    public ulong? TransactionIndex { get; init; }
    public Hash32? BlockHash { get; init; }
    public ulong? BlockNumber { get; init; }
    public Address? From { get; init; }
    public Address? To { get; init; }
    public Address? ContractAddress { get; init; }
    public ulong? GasUsed { get; init; }
    public BigInteger? EffectiveGasPrice { get; init; }

    /// <summary>Consensus encoding: RLP list for legacy receipts, type byte followed by the RLP list otherwise.</summary>
    public byte[] Encode()
    {
        var w = new RlpWriter(320 + (Logs.Count * 160));
        Encode(w);
        return w.ToArray();
    }

    /// <summary>Appends the consensus encoding to <paramref name="w"/> (not wrapped as an RLP string).</summary>
    public void Encode(RlpWriter w)
    {
        if (Type != 0)
        {
            w.WriteRaw([Type]);
        }
        var m = w.StartList();
        if (PostState is { } root)
        {
            w.Write(root);
        }
        else
        {
            w.WriteUInt64(Status == true ? 1UL : 0UL);
        }
        w.WriteUInt64(CumulativeGasUsed);
        w.WriteBytes(Bloom.Span);
        var l = w.StartList();
        foreach (var log in Logs)
        {
            log.Write(w);
        }
        w.EndList(l);
        w.EndList(m);
    }

    /// <summary>Strictly decodes a consensus receipt (as debug_getRawReceipts returns).</summary>
    // Decoded per receipt on the zkGraph tick path while a freshly started silo catches up: compiled optimized at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Receipt Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new RlpException("empty receipt encoding");
        }
        byte type = 0;
        if (encoded[0] < 0x80)
        {
            type = encoded[0];
            if (type > 4)
            {
                throw new RlpException($"receipt type {type} is not 1-4");
            }
            encoded = encoded[1..];
        }
        var outer = new RlpReader(encoded);
        var r = outer.ReadList();
        outer.EnsureEnd("receipt");
        bool? status = null;
        Hash32? postState = null;
        var first = r.ReadBytes();
        if (first.Length == 32)
        {
            postState = new Hash32(first);
        }
        else if (first.IsEmpty || (first.Length == 1 && first[0] == 1))
        {
            status = first.Length == 1;
        }
        else
        {
            throw new RlpException($"receipt status must be empty, 0x01 or a 32-byte root, got {first.Length} bytes");
        }
        var gas = r.ReadUInt64();
        var bloomBytes = r.ReadBytes();
        if (bloomBytes.Length != Bloom.Size)
        {
            throw new RlpException($"receipt bloom has {bloomBytes.Length} bytes; expected {Bloom.Size}");
        }
        var bloom = new Bloom(bloomBytes);
        var lr = r.ReadList();
        var logs = new List<Log>();
        while (lr.HasMore)
        {
            logs.Add(Log.Read(ref lr));
        }
        r.EnsureEnd("receipt");
        return new Receipt { Type = type, Status = status, PostState = postState, CumulativeGasUsed = gas, Bloom = bloom, Logs = logs };
    }

    /// <summary>Parses a JSON-RPC receipt object (eth_getTransactionReceipt / eth_getBlockReceipts).</summary>
    public static Receipt FromJson(JsonElement e)
    {
        var logs = new List<Log>();
        foreach (var l in Json.Array(e, "logs").EnumerateArray())
        {
            logs.Add(Log.FromJson(l));
        }
        var type = Json.OptionalQuantity(e, "type") ?? 0;
        if (type > 4)
        {
            throw new FormatException($"receipt type {type} is not 0-4");
        }
        bool? status = null;
        if (Json.OptionalQuantity(e, "status") is { } s)
        {
            status = s switch
            {
                0 => false,
                1 => true,
                _ => throw new FormatException($"receipt status {s} is not 0 or 1"),
            };
        }
        // Post-Byzantium receipts carry status; some nodes still send an empty or zero "root" beside it.
        var postState = status is null ? Json.OptionalHash(e, "root") : null;
        if (status is null && postState is null)
        {
            throw new FormatException("receipt has neither 'status' nor 'root'");
        }
        return new Receipt
        {
            Type = (byte)type,
            Status = postState is null ? status : null,
            PostState = postState,
            CumulativeGasUsed = Json.Quantity(e, "cumulativeGasUsed"),
            Bloom = Json.Parse(e, "logsBloom", Bloom.Parse),
            Logs = logs,
            TransactionHash = Json.OptionalHash(e, "transactionHash"),
            TransactionIndex = Json.OptionalQuantity(e, "transactionIndex"),
            BlockHash = Json.OptionalHash(e, "blockHash"),
            BlockNumber = Json.OptionalQuantity(e, "blockNumber"),
            From = Json.OptionalAddress(e, "from"),
            To = Json.OptionalAddress(e, "to"),
            ContractAddress = Json.OptionalAddress(e, "contractAddress"),
            GasUsed = Json.OptionalQuantity(e, "gasUsed"),
            EffectiveGasPrice = Json.OptionalBigQuantity(e, "effectiveGasPrice"),
        };
    }

    /// <summary>Receipts-trie root of a block's receipts in order.</summary>
    public static Hash32 ComputeRoot(IReadOnlyList<Receipt> receipts)
    {
        var items = new byte[receipts.Count][];
        var w = new RlpWriter(1024);
        for (var i = 0; i < receipts.Count; i++)
        {
            w.Reset();
            receipts[i].Encode(w);
            items[i] = w.ToArray();
        }
        return Trie.OrderedTrie.Root(items);
    }
}
