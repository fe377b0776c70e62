using System.Runtime.CompilerServices;
using System.Text.Json;
using Wsc.Chain.Rlp;

namespace Wsc.Chain.Types;

/// <summary>An event log: emitting contract, topics and data, plus where it sits when read from JSON-RPC.</summary>
public sealed class Log
{
    public required Address Address { get; init; }
    public required IReadOnlyList<Hash32> Topics { get; init; }
    public required byte[] Data { get; init; }

    public ulong? BlockNumber { get; init; }
    public Hash32? BlockHash { get; init; }
    public Hash32? TransactionHash { get; init; }
    public ulong? TransactionIndex { get; init; }
    public ulong? LogIndex { get; init; }
    /// <summary>True when a reorg removed the log (JSON-RPC filters and subscriptions).</summary>
    public bool Removed { get; init; }

    /// <summary>Consensus RLP: [address, [topics...], data].</summary>
    public void Write(RlpWriter w)
    {
        var m = w.StartList();
        w.Write(Address);
        var t = w.StartList();
        foreach (var topic in Topics)
        {
            w.Write(topic);
        }
        w.EndList(t);
        w.WriteBytes(Data);
        w.EndList(m);
    }

    /// <summary>Reads one consensus log list.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Receipt.Decode
    public static Log Read(ref RlpReader reader)
    {
        var r = reader.ReadList();
        var address = r.ReadAddress();
        var tr = r.ReadList();
        var topics = new List<Hash32>();
        while (tr.HasMore)
        {
            topics.Add(tr.ReadHash32());
        }
        var data = r.ReadByteArray();
        r.EnsureEnd("log");
        return new Log { Address = address, Topics = topics, Data = data };
    }

    /// <summary>Parses a JSON-RPC log object.</summary>
    public static Log FromJson(JsonElement e)
    {
        var topics = new List<Hash32>();
        foreach (var t in Json.Array(e, "topics").EnumerateArray())
        {
            topics.Add(Hash32.Parse(t.GetString() ?? throw new FormatException("log topic is null")));
        }
        return new Log
        {
            Address = Json.Address(e, "address"),
            Topics = topics,
            Data = Json.Bytes(e, "data"),
            BlockNumber = Json.OptionalQuantity(e, "blockNumber"),
            BlockHash = Json.OptionalHash(e, "blockHash"),
            TransactionHash = Json.OptionalHash(e, "transactionHash"),
            TransactionIndex = Json.OptionalQuantity(e, "transactionIndex"),
            LogIndex = Json.OptionalQuantity(e, "logIndex"),
            Removed = e.TryGetProperty("removed", out var rm) && rm.ValueKind == JsonValueKind.True,
        };
    }
}
