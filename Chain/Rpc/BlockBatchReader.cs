using System.Buffers;
using System.Text;
using System.Text.Json;
using Wsc.Chain.Crypto;
using Wsc.Chain.Rlp;
using Wsc.Chain.Trie;

namespace Wsc.Chain.Rpc;

/// <summary>
/// Streaming readers for JSON-RPC batch responses of `eth_getBlockByNumber` and `eth_getBlockReceipts`: one pass of
/// <see cref="Utf8JsonReader"/> over the response bytes, hex decoded straight into RLP, no object model. This is
/// the follower's hot path while catching up, so it avoids the DOM, per-field strings and intermediate objects;
/// the checks are the same as <see cref="Types.BlockHeader.FromJson"/> and <see cref="Types.Receipt.FromJson"/>
/// make (required fields, fork-field order, exact lengths, quantities without leading zeros), and every header is
/// refused unless its rebuilt RLP hashes to the hash the node claims.
/// </summary>
internal static class BlockBatchReader
{
    /// <summary>Reads one result value; the reader stands on its first token (never JSON null).</summary>
    internal delegate T ResultReader<T>(ref Utf8JsonReader reader, byte[] body);

    /// <summary>What a header result yields: its RLP and the fields the caller needs.</summary>
    internal sealed record Header(ulong Number, Hash32 Hash, Hash32 ParentHash, ulong Timestamp, Hash32 ReceiptsRoot, byte[] Rlp);

    /// <summary>What a receipts result yields, before it is matched against its header.</summary>
    internal sealed class Receipts
    {
        public List<byte[]> Items { get; } = [];
        public int Logs { get; set; }
        /// <summary>The first block hash a receipt or log names (null if none does).</summary>
        public Hash32? ClaimedBlock { get; set; }
        /// <summary>Set when receipts or logs name different blocks.</summary>
        public bool MixedBlocks { get; set; }
        /// <summary>Set to the first receipt whose transactionIndex is not its position.</summary>
        public int? MisplacedAt { get; set; }
    }

    private enum Kind : byte
    {
        Hash,
        Address,
        Bloom,
        BigQuantity,
        Quantity,
        Bytes,
        Nonce,
    }

    // RLP order of the header fields; the first 15 are required, the rest are fork fields appended while present.
    private static readonly (string Name, Kind Kind)[] HeaderFields =
    [
        ("parentHash", Kind.Hash), ("sha3Uncles", Kind.Hash), ("miner", Kind.Address), ("stateRoot", Kind.Hash),
        ("transactionsRoot", Kind.Hash), ("receiptsRoot", Kind.Hash), ("logsBloom", Kind.Bloom), ("difficulty", Kind.BigQuantity),
        ("number", Kind.Quantity), ("gasLimit", Kind.Quantity), ("gasUsed", Kind.Quantity), ("timestamp", Kind.Quantity),
        ("extraData", Kind.Bytes), ("mixHash", Kind.Hash), ("nonce", Kind.Nonce),
        ("baseFeePerGas", Kind.BigQuantity), ("withdrawalsRoot", Kind.Hash), ("blobGasUsed", Kind.Quantity),
        ("excessBlobGas", Kind.Quantity), ("parentBeaconBlockRoot", Kind.Hash), ("requestsHash", Kind.Hash),
        ("hash", Kind.Hash),
    ];

    private const int RequiredHeaderFields = 15;
    private const int HashField = 21;
    private const int ParentField = 0;
    private const int ReceiptsRootField = 5;
    private const int NumberField = 8;
    private const int TimestampField = 11;

    private static readonly byte[][] HeaderNames = [.. HeaderFields.Select(f => Encoding.UTF8.GetBytes(f.Name))];

    // Candidates by name length, so a property name is compared with one or two known names, not twenty-two.
    private static readonly int[][] HeaderByLength = BuildByLength(HeaderNames);

    [ThreadStatic]
    private static RlpWriter? t_writer;

    [ThreadStatic]
    private static RlpWriter? t_logs;

    /// <summary>
    /// Reads a batch response to requests with ids <paramref name="firstId"/>.. (any order). Returns the results by
    /// request position, null where the result is JSON null; returns null when the batch carries a JSON-RPC error
    /// (the caller reads it again for the message).
    /// </summary>
    public static T?[]? ReadBatch<T>(string what, byte[] body, long firstId, int count, ResultReader<T> read)
        where T : class =>
        ReadBatch(what, body, body.Length, firstId, count, read);

    /// <summary>As <see cref="ReadBatch{T}(string, byte[], long, int, ResultReader{T})"/> over the first <paramref name="length"/> bytes of <paramref name="body"/>.</summary>
    public static T?[]? ReadBatch<T>(string what, byte[] body, int length, long firstId, int count, ResultReader<T> read)
        where T : class
    {
        var reader = new Utf8JsonReader(body.AsSpan(0, length));
        Next(ref reader, what);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }
        var results = new T?[count];
        var seen = new bool[count];
        var answered = 0;
        while (true)
        {
            Next(ref reader, what);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RpcDataException($"{what}: batch item is {reader.TokenType}, expected a JSON-RPC object");
            }
            long? id = null;
            T? result = null;
            var hasResult = false;
            var error = false;
            while (true)
            {
                Next(ref reader, what);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }
                if (reader.ValueTextEquals("id"u8))
                {
                    Next(ref reader, what);
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var v))
                    {
                        throw new RpcDataException($"{what}: response id is not an integer");
                    }
                    id = v;
                }
                else if (reader.ValueTextEquals("result"u8))
                {
                    Next(ref reader, what);
                    hasResult = true;
                    result = reader.TokenType == JsonTokenType.Null ? null : read(ref reader, body);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    Next(ref reader, what);
                    error |= reader.TokenType != JsonTokenType.Null;
                    reader.Skip();
                }
                else
                {
                    reader.Skip();
                }
            }
            if (error)
            {
                return null;
            }
            if (!hasResult)
            {
                throw new RpcDataException($"{what}: response has neither 'result' nor 'error'");
            }
            var index = id is long i ? i - firstId : -1;
            if (index < 0 || index >= count || seen[index])
            {
                throw new RpcDataException($"{what}: response with an unknown or repeated id");
            }
            seen[index] = true;
            results[index] = result;
            answered++;
        }
        if (answered != count)
        {
            throw new RpcDataException($"{what}: expected an array of {count} responses, got {answered}");
        }
        return results;
    }

    /// <summary>Reads a block object (eth_getBlockByNumber/ByHash with hashes only) into its header RLP and checks the hash.</summary>
    public static Header ReadHeader(ref Utf8JsonReader reader, byte[] body)
    {
        var u = ReadHeaderFields(ref reader, body);
        return Checked(u, Keccak.Hash(u.Rlp));
    }

    /// <summary>
    /// Reads a batch response of block objects like <see cref="ReadBatch"/> with <see cref="ReadHeader"/>, but hashes
    /// the headers together (eight at a time where the CPU allows, <see cref="KeccakMany"/>): every header returned
    /// hashes to the hash the node claims, and one that does not refuses the whole batch.
    /// </summary>
    public static Header?[]? ReadHeaders(string what, byte[] body, long firstId, int count) =>
        ReadHeaders(what, body, body.Length, firstId, count);

    /// <summary>As <see cref="ReadHeaders(string, byte[], long, int)"/> over the first <paramref name="length"/> bytes of <paramref name="body"/>.</summary>
    public static Header?[]? ReadHeaders(string what, byte[] body, int length, long firstId, int count)
    {
        if (ReadBatch(what, body, length, firstId, count, ReadHeaderFields) is not { } read)
        {
            return null;
        }
        var rlps = new List<byte[]>(count);
        foreach (var u in read)
        {
            if (u is not null)
            {
                rlps.Add(u.Rlp);
            }
        }
        var hashes = new Hash32[rlps.Count];
        KeccakMany.Hash(rlps, hashes);
        var headers = new Header?[count];
        for (int i = 0, h = 0; i < count; i++)
        {
            if (read[i] is { } u)
            {
                headers[i] = Checked(u, hashes[h++]);
            }
        }
        return headers;
    }

    /// <summary>A header as the node sent it, before its hash is checked; only <see cref="Checked"/> makes a <see cref="Header"/> of it.</summary>
    private sealed record Unchecked(ulong Number, Hash32 Claimed, Hash32 ParentHash, ulong Timestamp, Hash32 ReceiptsRoot, byte[] Rlp);

    private static Header Checked(Unchecked u, Hash32 computed)
    {
        if (computed != u.Claimed)
        {
            throw new RpcDataException($"eth_getBlockByNumber: block {u.Number} fields hash to {computed}, the node says {u.Claimed}");
        }
        return new Header(u.Number, computed, u.ParentHash, u.Timestamp, u.ReceiptsRoot, u.Rlp);
    }

    private static Unchecked ReadHeaderFields(ref Utf8JsonReader reader, byte[] body)
    {
        const string What = "eth_getBlockByNumber";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RpcDataException($"{What}: block is {reader.TokenType}, expected an object");
        }
        Span<int> start = stackalloc int[HeaderFields.Length];
        Span<int> length = stackalloc int[HeaderFields.Length];
        var present = 0u;
        while (true)
        {
            Next(ref reader, What);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            var field = Lookup(ref reader);
            Next(ref reader, What);
            if (field < 0 || reader.TokenType == JsonTokenType.Null)
            {
                // Not a header field (transactions, uncles, size, ...), or an absent fork field written as null.
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
            {
                throw Malformed(What, $"field '{HeaderFields[field].Name}' must be a hex string");
            }
            if ((present & (1u << field)) != 0)
            {
                throw Malformed(What, $"field '{HeaderFields[field].Name}' appears twice");
            }
            present |= 1u << field;
            start[field] = (int)reader.TokenStartIndex + 1;
            length[field] = reader.ValueSpan.Length;
        }

        var w = t_writer ??= new RlpWriter(1024);
        w.Reset();
        var list = w.StartList();
        var gap = false;
        for (var f = 0; f < HashField; f++)
        {
            var (name, kind) = HeaderFields[f];
            if ((present & (1u << f)) == 0)
            {
                if (f < RequiredHeaderFields)
                {
                    throw Malformed(What, $"JSON object lacks required field '{name}'");
                }
                gap = true;
                continue;
            }
            if (gap)
            {
                throw Malformed(What, $"header field {name} is set but an earlier fork field is missing");
            }
            Write(w, kind, body.AsSpan(start[f], length[f]), name, What);
        }
        w.EndList(list);
        if ((present & (1u << HashField)) == 0)
        {
            throw Malformed(What, "JSON object lacks required field 'hash'");
        }
        return new Unchecked(
            Quantity(body.AsSpan(start[NumberField], length[NumberField]), "number", What),
            Hash32Of(body.AsSpan(start[HashField], length[HashField]), "hash", What),
            Hash32Of(body.AsSpan(start[ParentField], length[ParentField]), "parentHash", What),
            Quantity(body.AsSpan(start[TimestampField], length[TimestampField]), "timestamp", What),
            Hash32Of(body.AsSpan(start[ReceiptsRootField], length[ReceiptsRootField]), "receiptsRoot", What),
            w.ToArray());
    }

    /// <summary>Reads a block's receipt array (eth_getBlockReceipts) into consensus encodings.</summary>
    public static Receipts ReadReceipts(ref Utf8JsonReader reader, byte[] body)
    {
        const string What = "eth_getBlockReceipts";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new RpcDataException($"{What}: node returned {reader.TokenType}, expected an array");
        }
        var result = new Receipts();
        var w = t_writer ??= new RlpWriter(1024);
        var logs = t_logs ??= new RlpWriter(1024);
        var topics = new List<int>();
        Span<byte> bloom = stackalloc byte[256];
        while (true)
        {
            Next(ref reader, What);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }
            var position = result.Items.Count;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed(What, $"receipt {position} is {reader.TokenType}, expected an object");
            }
            ulong type = 0;
            ulong? status = null;
            int rootStart = -1, rootLength = 0, bloomStart = -1;
            ulong? cumulative = null;
            var logCount = -1;
            logs.Reset();
            var logList = logs.StartList();
            while (true)
            {
                Next(ref reader, What);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }
                var name = reader.ValueSpan;
                var escaped = reader.ValueIsEscaped;
                Next(ref reader, What);
                if (escaped || reader.TokenType == JsonTokenType.Null)
                {
                    reader.Skip();
                    continue;
                }
                if (name.SequenceEqual("logs"u8))
                {
                    logCount = ReadLogs(ref reader, body, logs, topics, result, What);
                    continue;
                }
                if (name.SequenceEqual("type"u8))
                {
                    type = Quantity(StringValue(ref reader, "type", What), "type", What);
                }
                else if (name.SequenceEqual("status"u8))
                {
                    status = Quantity(StringValue(ref reader, "status", What), "status", What);
                }
                else if (name.SequenceEqual("root"u8))
                {
                    StringValue(ref reader, "root", What);
                    rootStart = (int)reader.TokenStartIndex + 1;
                    rootLength = reader.ValueSpan.Length;
                }
                else if (name.SequenceEqual("cumulativeGasUsed"u8))
                {
                    cumulative = Quantity(StringValue(ref reader, "cumulativeGasUsed", What), "cumulativeGasUsed", What);
                }
                else if (name.SequenceEqual("logsBloom"u8))
                {
                    StringValue(ref reader, "logsBloom", What);
                    bloomStart = (int)reader.TokenStartIndex + 1;
                    if (reader.ValueSpan.Length != 2 + (2 * 256))
                    {
                        throw Malformed(What, $"field 'logsBloom' has {(reader.ValueSpan.Length - 2) / 2.0} bytes; expected 256");
                    }
                }
                else if (name.SequenceEqual("blockHash"u8))
                {
                    Claim(result, Hash32Of(StringValue(ref reader, "blockHash", What), "blockHash", What));
                }
                else if (name.SequenceEqual("transactionIndex"u8))
                {
                    var index = Quantity(StringValue(ref reader, "transactionIndex", What), "transactionIndex", What);
                    if (index != (ulong)position)
                    {
                        result.MisplacedAt ??= position;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            logs.EndList(logList);
            if (type > 4)
            {
                throw Malformed(What, $"receipt type {type} is not 0-4");
            }
            if (status is > 1)
            {
                throw Malformed(What, $"receipt status {status} is not 0 or 1");
            }
            if (logCount < 0)
            {
                throw Malformed(What, "JSON object lacks required field 'logs'");
            }
            if (cumulative is null)
            {
                throw Malformed(What, "JSON object lacks required field 'cumulativeGasUsed'");
            }
            if (bloomStart < 0)
            {
                throw Malformed(What, "JSON object lacks required field 'logsBloom'");
            }
            if (status is null && rootStart < 0)
            {
                throw Malformed(What, "receipt has neither 'status' nor 'root'");
            }
            w.Reset();
            if (type != 0)
            {
                w.WriteRaw([(byte)type]);
            }
            var receipt = w.StartList();
            if (status is ulong s)
            {
                w.WriteUInt64(s);
            }
            else
            {
                // Pre-Byzantium: the intermediate state root.
                w.WriteBytes(Hash32Of(body.AsSpan(rootStart, rootLength), "root", What).Span);
            }
            w.WriteUInt64(cumulative.Value);
            DecodeExact(body.AsSpan(bloomStart, 2 + 512), bloom, "logsBloom", What);
            w.WriteBytes(bloom);
            w.WriteRaw(logs.WrittenSpan);
            w.EndList(receipt);
            result.Items.Add(w.ToArray());
            result.Logs += logCount;
        }
        return result;
    }

    /// <summary>Checks a batch of receipts against its header and returns the encodings.</summary>
    public static IReadOnlyList<byte[]> Verify(Header header, Receipts receipts) =>
        Verify(header, receipts, OrderedTrie.Root(receipts.Items));

    /// <summary>
    /// Checks each block's receipts against its header (the receipts tries of all blocks built together, their leaves
    /// hashed eight at a time); the first mismatch refuses the whole batch.
    /// </summary>
    public static void VerifyAll(IReadOnlyList<Header> headers, IReadOnlyList<Receipts> receipts)
    {
        if (headers.Count != receipts.Count)
        {
            throw new ArgumentException($"{headers.Count} headers but {receipts.Count} receipt sets");
        }
        var roots = OrderedTrie.Roots([.. receipts.Select(r => (IReadOnlyList<byte[]>)r.Items)]);
        for (var i = 0; i < headers.Count; i++)
        {
            Verify(headers[i], receipts[i], roots[i]);
        }
    }

    private static IReadOnlyList<byte[]> Verify(Header header, Receipts receipts, Hash32 root)
    {
        const string What = "eth_getBlockReceipts";
        if (root != header.ReceiptsRoot)
        {
            throw new RpcDataException($"{What}: {receipts.Items.Count} receipts of block {header.Number} hash to root {root}, header says {header.ReceiptsRoot}");
        }
        if (receipts.MixedBlocks || (receipts.ClaimedBlock is { } b && b != header.Hash) || receipts.MisplacedAt is not null)
        {
            throw new RpcDataException($"{What}: receipt {receipts.MisplacedAt ?? 0} of block {header.Number} names another block or position");
        }
        return receipts.Items;
    }

    private static int ReadLogs(ref Utf8JsonReader reader, byte[] body, RlpWriter logs, List<int> topics, Receipts result, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Malformed(what, "field 'logs' must be an array");
        }
        var count = 0;
        Span<byte> word = stackalloc byte[32];
        while (true)
        {
            Next(ref reader, what);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return count;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed(what, $"log is {reader.TokenType}, expected an object");
            }
            int addressStart = -1, dataStart = -1, dataLength = 0;
            var hasTopics = false;
            topics.Clear();
            while (true)
            {
                Next(ref reader, what);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }
                var name = reader.ValueSpan;
                var escaped = reader.ValueIsEscaped;
                Next(ref reader, what);
                if (escaped || reader.TokenType == JsonTokenType.Null)
                {
                    reader.Skip();
                    continue;
                }
                if (name.SequenceEqual("address"u8))
                {
                    StringValue(ref reader, "address", what);
                    addressStart = (int)reader.TokenStartIndex + 1;
                    if (reader.ValueSpan.Length != 42)
                    {
                        throw Malformed(what, "field 'address' must be 20 bytes of hex");
                    }
                }
                else if (name.SequenceEqual("data"u8))
                {
                    StringValue(ref reader, "data", what);
                    dataStart = (int)reader.TokenStartIndex + 1;
                    dataLength = reader.ValueSpan.Length;
                }
                else if (name.SequenceEqual("topics"u8))
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw Malformed(what, "field 'topics' must be an array");
                    }
                    hasTopics = true;
                    while (true)
                    {
                        Next(ref reader, what);
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            break;
                        }
                        StringValue(ref reader, "topics", what);
                        if (reader.ValueSpan.Length != 66)
                        {
                            throw Malformed(what, "a log topic must be 32 bytes of hex");
                        }
                        topics.Add((int)reader.TokenStartIndex + 1);
                    }
                }
                else if (name.SequenceEqual("blockHash"u8))
                {
                    Claim(result, Hash32Of(StringValue(ref reader, "blockHash", what), "blockHash", what));
                }
                else
                {
                    reader.Skip();
                }
            }
            if (addressStart < 0 || dataStart < 0 || !hasTopics)
            {
                throw Malformed(what, $"log lacks required field '{(addressStart < 0 ? "address" : dataStart < 0 ? "data" : "topics")}'");
            }
            var log = logs.StartList();
            var address = word[..20];
            DecodeExact(body.AsSpan(addressStart, 42), address, "address", what);
            logs.WriteBytes(address);
            var topicList = logs.StartList();
            foreach (var t in topics)
            {
                DecodeExact(body.AsSpan(t, 66), word, "topics", what);
                logs.WriteBytes(word);
            }
            logs.EndList(topicList);
            WriteHexBytes(logs, body.AsSpan(dataStart, dataLength), "data", what);
            logs.EndList(log);
            count++;
        }
    }

    private static void Claim(Receipts result, Hash32 block)
    {
        if (result.ClaimedBlock is { } first)
        {
            result.MixedBlocks |= first != block;
        }
        else
        {
            result.ClaimedBlock = block;
        }
    }

    private static void Write(RlpWriter w, Kind kind, ReadOnlySpan<byte> hex, string name, string what)
    {
        switch (kind)
        {
            case Kind.Hash:
            {
                Span<byte> b = stackalloc byte[32];
                DecodeExact(hex, b, name, what);
                w.WriteBytes(b);
                break;
            }
            case Kind.Address:
            {
                Span<byte> b = stackalloc byte[20];
                DecodeExact(hex, b, name, what);
                w.WriteBytes(b);
                break;
            }
            case Kind.Bloom:
            {
                Span<byte> b = stackalloc byte[256];
                DecodeExact(hex, b, name, what);
                w.WriteBytes(b);
                break;
            }
            case Kind.Nonce:
            {
                Span<byte> b = stackalloc byte[8];
                DecodeExact(hex, b, name, what);
                w.WriteBytes(b);
                break;
            }
            case Kind.Quantity:
                w.WriteUInt64(Quantity(hex, name, what));
                break;
            case Kind.BigQuantity:
            {
                var digits = QuantityDigits(hex, name, what);
                if (digits.Length > 64)
                {
                    throw Malformed(what, $"field '{name}' is larger than 256 bits");
                }
                Span<byte> b = stackalloc byte[32];
                var n = (digits.Length + 1) / 2;
                var value = b[..n];
                if (digits.Length % 2 == 1)
                {
                    // An odd digit count: the first byte holds one digit.
                    value[0] = (byte)Digit(digits[0], name, what);
                    Decode(digits[1..], value[1..], name, what);
                }
                else
                {
                    Decode(digits, value, name, what);
                }
                // Quantities have no leading zeros, so these bytes are minimal; zero ("0x0") is the empty string.
                w.WriteBytes(digits is [(byte)'0'] ? [] : value);
                break;
            }
            default:
                WriteHexBytes(w, hex, name, what);
                break;
        }
    }

    private static void WriteHexBytes(RlpWriter w, ReadOnlySpan<byte> hex, string name, string what)
    {
        var digits = Digits(hex, name, what);
        if (digits.Length % 2 != 0)
        {
            throw Malformed(what, $"field '{name}' has an odd number of hex digits; expected whole bytes");
        }
        var n = digits.Length / 2;
        if (n <= 512)
        {
            Span<byte> small = stackalloc byte[n];
            Decode(digits, small, name, what);
            w.WriteBytes(small);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            Decode(digits, rented.AsSpan(0, n), name, what);
            w.WriteBytes(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static Hash32 Hash32Of(ReadOnlySpan<byte> hex, string name, string what)
    {
        Span<byte> b = stackalloc byte[32];
        DecodeExact(hex, b, name, what);
        return new Hash32(b);
    }

    private static void DecodeExact(ReadOnlySpan<byte> hex, Span<byte> destination, string name, string what)
    {
        var digits = Digits(hex, name, what);
        if (digits.Length != destination.Length * 2)
        {
            throw Malformed(what, $"field '{name}' has {digits.Length / 2.0} bytes; expected {destination.Length}");
        }
        Decode(digits, destination, name, what);
    }

    private static void Decode(ReadOnlySpan<byte> digits, Span<byte> destination, string name, string what)
    {
        if (Convert.FromHexString(digits, destination, out _, out _) != OperationStatus.Done)
        {
            throw Malformed(what, $"field '{name}' contains a non-hex character");
        }
    }

    private static ReadOnlySpan<byte> Digits(ReadOnlySpan<byte> hex, string name, string what) =>
        hex.Length >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')
            ? hex[2..]
            : throw Malformed(what, $"field '{name}' lacks the 0x prefix");

    private static ReadOnlySpan<byte> QuantityDigits(ReadOnlySpan<byte> hex, string name, string what)
    {
        var digits = Digits(hex, name, what);
        if (digits.IsEmpty)
        {
            throw Malformed(what, $"field '{name}': quantity has no digits");
        }
        if (digits.Length > 1 && digits[0] == '0')
        {
            throw Malformed(what, $"field '{name}': quantity has a leading zero");
        }
        return digits;
    }

    private static ulong Quantity(ReadOnlySpan<byte> hex, string name, string what)
    {
        var digits = QuantityDigits(hex, name, what);
        if (digits.Length > 16)
        {
            throw Malformed(what, $"field '{name}': quantity does not fit 64 bits");
        }
        ulong v = 0;
        foreach (var c in digits)
        {
            v = (v << 4) | (uint)Digit(c, name, what);
        }
        return v;
    }

    private static int Digit(byte c, string name, string what) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => throw Malformed(what, $"field '{name}' contains a non-hex character"),
    };

    private static ReadOnlySpan<byte> StringValue(ref Utf8JsonReader reader, string name, string what) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            ? reader.ValueSpan
            : throw Malformed(what, $"field '{name}' must be a hex string");

    private static int Lookup(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return -1;
        }
        var name = reader.ValueSpan;
        if (name.Length >= HeaderByLength.Length)
        {
            return -1;
        }
        foreach (var candidate in HeaderByLength[name.Length])
        {
            if (name.SequenceEqual(HeaderNames[candidate]))
            {
                return candidate;
            }
        }
        return -1;
    }

    private static int[][] BuildByLength(byte[][] names)
    {
        var table = new int[names.Max(n => n.Length) + 1][];
        for (var len = 0; len < table.Length; len++)
        {
            table[len] = [.. Enumerable.Range(0, names.Length).Where(i => names[i].Length == len)];
        }
        return table;
    }

    private static void Next(ref Utf8JsonReader reader, string what)
    {
        if (!reader.Read())
        {
            throw new RpcDataException($"{what}: response JSON ends early");
        }
    }

    private static RpcDataException Malformed(string what, string detail) => new($"{what}: malformed result: {detail}");
}
