using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Text.Json;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Wsc.Chain.Crypto;
using Wsc.Chain.Trie;
using Wsc.Chain.Types;

namespace Wsc.Chain.Rpc;

/// <summary>
/// Ethereum JSON-RPC over HTTP behind a Polly pipeline (per-attempt timeout, jittered exponential retries, circuit
/// breaker). Only transport failures are retried; when retries run out or the circuit is open the caller gets
/// <see cref="RpcTransportException"/>. Headers and receipts are verified against their hashes before
/// they are returned; content that fails verification raises <see cref="RpcDataException"/> and is never retried.
/// </summary>
public sealed class EthRpcClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private static readonly string[] Tags = ["latest", "safe", "finalized", "earliest", "pending"];

    private readonly HttpClient _http;
    private readonly ResiliencePipeline _pipeline;
    private long _nextId;
    private volatile bool _batchesRefused;

    /// <summary>A client for <paramref name="endpoint"/>; <paramref name="handler"/> lets tests and hosts supply the transport.</summary>
    public EthRpcClient(Uri endpoint, RpcOptions? options = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        Options = options ?? new RpcOptions();
        Options.Validate();
        // Timeouts belong to the pipeline so that they are per attempt and observable as TimeoutRejectedException.
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _pipeline = BuildPipeline(Options);
    }

    /// <summary>The node's HTTP endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>The resilience settings in force.</summary>
    public RpcOptions Options { get; }

    /// <summary>Calls <paramref name="method"/> and returns its result (JSON null included). Hash32, Address, byte[] and integers are sent as hex.</summary>
    public Task<JsonElement> CallAsync(string method, object?[] args, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(args);
        return ResilientAsync(method, async token =>
        {
            var id = Interlocked.Increment(ref _nextId);
            var root = await PostAsync(method, RpcJson.Request(id, method, args), token).ConfigureAwait(false);
            return RpcJson.Result(method, root, id);
        }, ct);
    }

    /// <summary>Sends the calls as one JSON-RPC batch; results come back in call order. Any error item throws <see cref="RpcException"/>.</summary>
    public Task<IReadOnlyList<JsonElement>> CallBatchAsync(IReadOnlyList<(string Method, object?[] Args)> calls, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<JsonElement>>([]);
        }
        var what = $"batch of {calls.Count} {calls[0].Method}";
        return ResilientAsync<IReadOnlyList<JsonElement>>(what, async token =>
        {
            var first = Interlocked.Add(ref _nextId, calls.Count) - calls.Count + 1;
            var root = await PostAsync(what, RpcJson.BatchRequest(first, calls), token).ConfigureAwait(false);
            return BatchResults(what, root, first, calls);
        }, ct);
    }

    /// <summary>
    /// Blocks <paramref name="first"/> .. first+count-1 with their receipts, in two JSON-RPC batches (headers, then
    /// receipts by hash), read by a streaming parser straight into RLP: every header hashes to the hash the node
    /// claims, every block's receipts rebuild its receipts root. Stops at the first block the node lacks.
    /// </summary>
    public async Task<IReadOnlyList<RawBlock>> GetRawBlocksAsync(ulong first, int count, CancellationToken ct)
    {
        if (count <= 0)
        {
            return [];
        }
        if (!_batchesRefused)
        {
            try
            {
                return await GetRawBlocksBatchedAsync(first, count, ct).ConfigureAwait(false);
            }
            catch (BatchRefusedException)
            {
                // Some providers disable JSON-RPC batches: fetch one call at a time from now on (same checks).
                _batchesRefused = true;
            }
        }
        return await GetRawBlocksOneByOneAsync(first, count, ct).ConfigureAwait(false);
    }

    /// <summary>True once the node has refused a batch; bulk reads then go one call at a time.</summary>
    public bool BatchesRefused => _batchesRefused;

    private async Task<IReadOnlyList<RawBlock>> GetRawBlocksOneByOneAsync(ulong first, int count, CancellationToken ct)
    {
        var blocks = new List<RawBlock>(count);
        for (var i = 0; i < count; i++)
        {
            var header = await GetHeaderAsync(first + (ulong)i, ct).ConfigureAwait(false);
            if (header is null)
            {
                break;
            }
            var received = DateTime.UtcNow;
            var receipts = await GetReceiptsAsync(header, ct).ConfigureAwait(false);
            blocks.Add(new RawBlock
            {
                Number = header.Number,
                Hash = header.Hash,
                ParentHash = header.ParentHash,
                Timestamp = header.Timestamp,
                ReceiptsRoot = header.ReceiptsRoot,
                HeaderRlp = header.Encode(),
                Receipts = [.. receipts.Select(r => r.Encode())],
                LogCount = receipts.Sum(r => r.Logs.Count),
                ReceivedUtc = received,
            });
        }
        return blocks;
    }

    private async Task<IReadOnlyList<RawBlock>> GetRawBlocksBatchedAsync(ulong first, int count, CancellationToken ct)
    {
        var headerCalls = new (string Method, object?[] Args)[count];
        for (var i = 0; i < count; i++)
        {
            headerCalls[i] = ("eth_getBlockByNumber", [Hex.Quantity(first + (ulong)i), false]);
        }
        var headers = await StreamBatchAsync(headerCalls, BlockBatchReader.ReadHeaders, ct).ConfigureAwait(false);
        var received = DateTime.UtcNow;
        var found = 0;
        while (found < count && headers[found] is { } h)
        {
            if (h.Number != first + (ulong)found)
            {
                throw new RpcDataException($"eth_getBlockByNumber: asked for block {first + (ulong)found}, got block {h.Number}");
            }
            found++;
        }
        if (found == 0)
        {
            return [];
        }
        var receiptCalls = new (string Method, object?[] Args)[found];
        for (var i = 0; i < found; i++)
        {
            receiptCalls[i] = ("eth_getBlockReceipts", [headers[i]!.Hash]);
        }
        var receipts = await StreamBatchAsync(receiptCalls, BlockBatchReader.ReadReceipts, ct).ConfigureAwait(false);
        var sets = new BlockBatchReader.Receipts[found];
        for (var i = 0; i < found; i++)
        {
            sets[i] = receipts[i] ?? throw new RpcDataException($"eth_getBlockReceipts: node returned null for block {headers[i]!.Number} {headers[i]!.Hash}, expected an array");
        }
        // Every block's receipts root at once (one throw refuses the batch: nothing of it is returned).
        BlockBatchReader.VerifyAll([.. headers.Take(found).Select(h => h!)], sets);
        var blocks = new RawBlock[found];
        for (var i = 0; i < found; i++)
        {
            var header = headers[i]!;
            var set = sets[i];
            blocks[i] = new RawBlock
            {
                Number = header.Number,
                Hash = header.Hash,
                ParentHash = header.ParentHash,
                Timestamp = header.Timestamp,
                ReceiptsRoot = header.ReceiptsRoot,
                HeaderRlp = header.Rlp,
                Receipts = set.Items,
                LogCount = set.Logs,
                ReceivedUtc = received,
            };
        }
        return blocks;
    }

    /// <summary>A batch whose results are read by a streaming reader; error items throw <see cref="RpcException"/> as in <see cref="CallBatchAsync"/>.</summary>
    private Task<T?[]> StreamBatchAsync<T>((string Method, object?[] Args)[] calls, BlockBatchReader.ResultReader<T> read, CancellationToken ct)
        where T : class =>
        StreamBatchAsync(calls, (what, body, length, first, count) => BlockBatchReader.ReadBatch(what, body, length, first, count, read), ct);

    /// <summary>A batch whose whole response is read by <paramref name="readBatch"/> (null when the batch carries an error).</summary>
    private async Task<T?[]> StreamBatchAsync<T>((string Method, object?[] Args)[] calls, Func<string, byte[], int, long, int, T?[]?> readBatch, CancellationToken ct)
        where T : class
    {
        var what = $"batch of {calls.Length} {calls[0].Method}";
        var first = 0L;
        using var body = await ResilientAsync(what, token =>
        {
            first = Interlocked.Add(ref _nextId, calls.Length) - calls.Length + 1;
            return PostBytesAsync(what, RpcJson.BatchRequest(first, calls), token);
        }, ct).ConfigureAwait(false);
        var ok = body.Ok;
        try
        {
            if (readBatch(what, body.Buffer, body.Length, first, calls.Length) is { } results)
            {
                return results;
            }
            // An error item, or one error object for the whole batch: read it again for the node's message.
            using var doc = JsonDocument.Parse(body.Memory);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                throw new BatchRefusedException($"{what}: the node answered the batch with a single object: {doc.RootElement.GetRawText()}");
            }
            BatchResults(what, doc.RootElement, first, calls);
            throw new RpcDataException($"{what}: the node reported an error the batch reader could not place");
        }
        catch (JsonException ex)
        {
            throw ok
                ? new RpcDataException($"{what}: response is not JSON: {ex.Message}", ex)
                : new RpcException($"{what}: HTTP error from {Endpoint.Host}:{Endpoint.Port}");
        }
    }

    private static JsonElement[] BatchResults(string what, JsonElement root, long first, IReadOnlyList<(string Method, object?[] Args)> calls)
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != calls.Count)
        {
            // A single error object answers a batch the node refused as a whole.
            if (root.ValueKind == JsonValueKind.Object)
            {
                RpcJson.Result(what, root, null);
            }
            throw new RpcDataException($"{what}: expected an array of {calls.Count} responses");
        }
        var results = new JsonElement[calls.Count];
        var seen = new bool[calls.Count];
        foreach (var item in root.EnumerateArray())
        {
            var index = item.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.Number ? idEl.GetInt64() - first : -1;
            if (index < 0 || index >= calls.Count || seen[index])
            {
                throw new RpcDataException($"{what}: response with an unknown or repeated id");
            }
            seen[index] = true;
            results[index] = RpcJson.Result(calls[(int)index].Method, item, first + index);
        }
        return results;
    }

    /// <summary>Headers <paramref name="first"/> .. first+count-1 in one batch, each verified; stops at the first block the node lacks.</summary>
    public async Task<IReadOnlyList<BlockHeader>> GetHeadersAsync(ulong first, int count, CancellationToken ct)
    {
        var calls = Enumerable.Range(0, count).Select(i => ("eth_getBlockByNumber", new object?[] { Hex.Quantity(first + (ulong)i), false })).ToList();
        var results = await CallBatchAsync(calls, ct).ConfigureAwait(false);
        var headers = new List<BlockHeader>(count);
        for (var i = 0; i < results.Count && results[i].ValueKind != JsonValueKind.Null; i++)
        {
            var h = VerifiedHeader("eth_getBlockByNumber", results[i], null);
            if (h.Number != first + (ulong)i)
            {
                throw new RpcDataException($"eth_getBlockByNumber: asked for block {first + (ulong)i}, got block {h.Number}");
            }
            headers.Add(h);
        }
        return headers;
    }

    /// <summary>Receipts of several blocks in one batch, each block's set checked against its header's receipts root.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<Receipt>>> GetReceiptsAsync(IReadOnlyList<BlockHeader> headers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var results = await CallBatchAsync(headers.Select(h => ("eth_getBlockReceipts", new object?[] { h.Hash })).ToList(), ct).ConfigureAwait(false);
        return headers.Select((h, i) => VerifiedReceipts(h, results[i])).ToList();
    }

    /// <summary>eth_chainId.</summary>
    public async Task<ulong> ChainIdAsync(CancellationToken ct) => Quantity("eth_chainId", await CallAsync("eth_chainId", [], ct).ConfigureAwait(false));

    /// <summary>eth_blockNumber.</summary>
    public async Task<ulong> BlockNumberAsync(CancellationToken ct) => Quantity("eth_blockNumber", await CallAsync("eth_blockNumber", [], ct).ConfigureAwait(false));

    /// <summary>The header of block <paramref name="number"/>, verified against its hash; null if the node does not have it.</summary>
    public async Task<BlockHeader?> GetHeaderAsync(ulong number, CancellationToken ct)
    {
        var block = await CallAsync("eth_getBlockByNumber", [Hex.Quantity(number), false], ct).ConfigureAwait(false);
        if (block.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var header = VerifiedHeader("eth_getBlockByNumber", block, null);
        if (header.Number != number)
        {
            throw new RpcDataException($"eth_getBlockByNumber: asked for block {number}, got block {header.Number}");
        }
        return header;
    }

    /// <summary>The header at a tag ("latest", "safe", "finalized", "earliest") or 0x-quantity, verified; null if unknown.</summary>
    public async Task<BlockHeader?> GetHeaderAsync(string tag, CancellationToken ct)
    {
        if (tag == "pending")
        {
            throw new ArgumentException("the pending block has no hash yet, so its header cannot be verified; ask for latest", nameof(tag));
        }
        var block = await CallAsync("eth_getBlockByNumber", [BlockTag(tag), false], ct).ConfigureAwait(false);
        if (block.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var header = VerifiedHeader("eth_getBlockByNumber", block, null);
        if (tag.StartsWith("0x", StringComparison.Ordinal) && header.Number != Hex.ParseQuantity(tag))
        {
            throw new RpcDataException($"eth_getBlockByNumber: asked for block {tag}, got block {header.Number}");
        }
        return header;
    }

    /// <summary>Block <paramref name="number"/> with full transactions, its header and body verified; null if unknown.</summary>
    public async Task<Block?> GetBlockAsync(ulong number, CancellationToken ct)
    {
        var block = await GetBlockAsync(Hex.Quantity(number), ct).ConfigureAwait(false);
        if (block is not null && block.Header.Number != number)
        {
            throw new RpcDataException($"eth_getBlockByNumber: asked for block {number}, got block {block.Header.Number}");
        }
        return block;
    }

    /// <summary>The block at a tag or 0x-quantity with full transactions; header hash, transactions root, uncles and withdrawals verified.</summary>
    public async Task<Block?> GetBlockAsync(string tag, CancellationToken ct)
    {
        if (tag == "pending")
        {
            throw new ArgumentException("the pending block has no hash yet, so it cannot be verified; ask for latest", nameof(tag));
        }
        var json = await CallAsync("eth_getBlockByNumber", [BlockTag(tag), true], ct).ConfigureAwait(false);
        if (json.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var header = VerifiedHeader("eth_getBlockByNumber", json, null);
        var uncles = new List<BlockHeader>();
        if (Json.TryGet(json, "uncles", out var u) && u.ValueKind == JsonValueKind.Array)
        {
            for (var i = 0; i < u.GetArrayLength(); i++)
            {
                var expected = Parse("eth_getBlockByNumber", () => Hash32.Parse(u[i].GetString() ?? ""));
                var uncle = await CallAsync("eth_getUncleByBlockHashAndIndex", [header.Hash, Hex.Quantity((ulong)i)], ct).ConfigureAwait(false);
                if (uncle.ValueKind == JsonValueKind.Null)
                {
                    throw new RpcDataException($"eth_getUncleByBlockHashAndIndex: node lists uncle {i} of block {header.Number} but cannot return it");
                }
                uncles.Add(VerifiedHeader("eth_getUncleByBlockHashAndIndex", uncle, expected));
            }
        }
        try
        {
            var block = Block.FromJson(json, uncles);
            block.Verify();
            return block;
        }
        catch (FormatException ex)
        {
            throw new RpcDataException($"eth_getBlockByNumber: {ex.Message}", ex);
        }
    }

    /// <summary>The header with hash <paramref name="hash"/>, verified to hash to exactly that; null if unknown.</summary>
    public async Task<BlockHeader?> GetHeaderByHashAsync(Hash32 hash, CancellationToken ct)
    {
        var block = await CallAsync("eth_getBlockByHash", [hash, false], ct).ConfigureAwait(false);
        return block.ValueKind == JsonValueKind.Null ? null : VerifiedHeader("eth_getBlockByHash", block, hash);
    }

    /// <summary>All receipts of the block (eth_getBlockReceipts), refused unless they rebuild <paramref name="header"/>'s receipts root.</summary>
    public async Task<IReadOnlyList<Receipt>> GetReceiptsAsync(BlockHeader header, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(header);
        var result = await CallAsync("eth_getBlockReceipts", [header.Hash], ct).ConfigureAwait(false);
        return VerifiedReceipts(header, result);
    }

    private static IReadOnlyList<Receipt> VerifiedReceipts(BlockHeader header, JsonElement result)
    {
        var hash = header.Hash;
        if (result.ValueKind != JsonValueKind.Array)
        {
            throw new RpcDataException($"eth_getBlockReceipts: node returned {result.ValueKind} for block {header.Number} {hash}, expected an array");
        }
        var receipts = new List<Receipt>(result.GetArrayLength());
        try
        {
            foreach (var r in result.EnumerateArray())
            {
                receipts.Add(Receipt.FromJson(r));
            }
        }
        catch (FormatException ex)
        {
            throw new RpcDataException($"eth_getBlockReceipts: malformed receipt for block {header.Number}: {ex.Message}", ex);
        }
        var root = Receipt.ComputeRoot(receipts);
        if (root != header.ReceiptsRoot)
        {
            throw new RpcDataException($"eth_getBlockReceipts: {receipts.Count} receipts of block {header.Number} hash to root {root}, header says {header.ReceiptsRoot}");
        }
        for (var i = 0; i < receipts.Count; i++)
        {
            var r = receipts[i];
            if ((r.BlockHash is { } bh && bh != hash) || (r.TransactionIndex is { } ti && ti != (ulong)i)
                || r.Logs.Any(l => l.BlockHash is { } lb && lb != hash))
            {
                throw new RpcDataException($"eth_getBlockReceipts: receipt {i} of block {header.Number} names another block or position");
            }
        }
        return receipts;
    }

    /// <summary>eth_getTransactionCount (the next nonce) at a block tag, "pending" by default.</summary>
    public async Task<ulong> GetTransactionCountAsync(Address account, string block = "pending", CancellationToken ct = default) =>
        Quantity("eth_getTransactionCount", await CallAsync("eth_getTransactionCount", [account, BlockTag(block)], ct).ConfigureAwait(false));

    /// <summary>eth_getBalance in wei.</summary>
    public async Task<BigInteger> GetBalanceAsync(Address account, string block = "latest", CancellationToken ct = default) =>
        BigQuantity("eth_getBalance", await CallAsync("eth_getBalance", [account, BlockTag(block)], ct).ConfigureAwait(false));

    /// <summary>
    /// eth_sendRawTransaction. Returns keccak(raw) and refuses a node that reports another hash. A retry that meets
    /// "already known" (the first attempt got through) counts as success.
    /// </summary>
    public async Task<Hash32> SendRawTransactionAsync(byte[] raw, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var expected = Keccak.Hash(raw);
        JsonElement result;
        try
        {
            result = await CallAsync("eth_sendRawTransaction", [raw], ct).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase))
        {
            return expected;
        }
        var got = ParseHash("eth_sendRawTransaction", result);
        if (got != expected)
        {
            throw new RpcDataException($"eth_sendRawTransaction: node reports hash {got}, the transaction hashes to {expected}");
        }
        return got;
    }

    /// <summary>eth_call: executes <paramref name="data"/> against <paramref name="to"/> and returns the output bytes.</summary>
    public async Task<byte[]> EthCallAsync(Address to, byte[] data, string block = "latest", Address? from = null, CancellationToken ct = default)
    {
        var call = new Dictionary<string, object?> { ["to"] = to, ["data"] = data };
        if (from is { } f)
        {
            call["from"] = f;
        }
        var result = await CallAsync("eth_call", [call, BlockTag(block)], ct).ConfigureAwait(false);
        return Bytes("eth_call", result);
    }

    /// <summary>eth_estimateGas for a call or transfer.</summary>
    public async Task<ulong> EstimateGasAsync(Address from, Address? to, byte[] data, BigInteger value, CancellationToken ct)
    {
        var call = new Dictionary<string, object?> { ["from"] = from, ["data"] = data, ["value"] = value };
        if (to is { } t)
        {
            call["to"] = t;
        }
        return Quantity("eth_estimateGas", await CallAsync("eth_estimateGas", [call], ct).ConfigureAwait(false));
    }

    /// <summary>eth_getLogs.</summary>
    public async Task<IReadOnlyList<Log>> GetLogsAsync(LogFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await CallAsync("eth_getLogs", [filter.ToRpc()], ct).ConfigureAwait(false);
        return Parse("eth_getLogs", () => result.EnumerateArray().Select(Log.FromJson).ToList());
    }

    /// <summary>eth_getProof, unverified (see <see cref="GetVerifiedProofAsync"/>).</summary>
    public async Task<AccountProof> GetProofAsync(Address account, IReadOnlyList<Hash32> storageKeys, string block, CancellationToken ct)
    {
        var result = await CallAsync("eth_getProof", [account, storageKeys.Select(k => (object)k).ToList(), BlockTag(block)], ct).ConfigureAwait(false);
        return Parse("eth_getProof", () => AccountProof.FromJson(result));
    }

    /// <summary>eth_getProof at <paramref name="header"/>'s block, refused unless it proves against the header's state root.</summary>
    public async Task<AccountProof> GetVerifiedProofAsync(Address account, IReadOnlyList<Hash32> storageKeys, BlockHeader header, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(header);
        var proof = await GetProofAsync(account, storageKeys, Hex.Quantity(header.Number), ct).ConfigureAwait(false);
        if (proof.Address != account)
        {
            throw new RpcDataException($"eth_getProof: asked for {account}, got a proof for {proof.Address}");
        }
        if (!proof.TryVerify(header.StateRoot, out var reason))
        {
            throw new RpcDataException($"eth_getProof at block {header.Number}: {reason}");
        }
        return proof;
    }

    /// <summary>eth_gasPrice in wei.</summary>
    public async Task<BigInteger> GasPriceAsync(CancellationToken ct) => BigQuantity("eth_gasPrice", await CallAsync("eth_gasPrice", [], ct).ConfigureAwait(false));

    /// <summary>eth_maxPriorityFeePerGas in wei.</summary>
    public async Task<BigInteger> MaxPriorityFeeAsync(CancellationToken ct) =>
        BigQuantity("eth_maxPriorityFeePerGas", await CallAsync("eth_maxPriorityFeePerGas", [], ct).ConfigureAwait(false));

    /// <summary>eth_getTransactionReceipt; null while the transaction is pending or unknown.</summary>
    public async Task<Receipt?> GetTransactionReceiptAsync(Hash32 txHash, CancellationToken ct)
    {
        var result = await CallAsync("eth_getTransactionReceipt", [txHash], ct).ConfigureAwait(false);
        if (result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var receipt = Parse("eth_getTransactionReceipt", () => Receipt.FromJson(result));
        if (receipt.TransactionHash is { } h && h != txHash)
        {
            throw new RpcDataException($"eth_getTransactionReceipt: asked for {txHash}, got the receipt of {h}");
        }
        return receipt;
    }

    /// <summary>Polls for a receipt until it appears or <paramref name="ct"/> fires.</summary>
    public async Task<Receipt> WaitForReceiptAsync(Hash32 txHash, TimeSpan pollInterval, CancellationToken ct)
    {
        while (true)
        {
            if (await GetTransactionReceiptAsync(txHash, ct).ConfigureAwait(false) is { } r)
            {
                return r;
            }
            await Task.Delay(pollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>eth_getTransactionByHash, refused unless the fields hash to <paramref name="txHash"/>; null if unknown.</summary>
    public async Task<Transaction?> GetTransactionAsync(Hash32 txHash, CancellationToken ct)
    {
        var result = await CallAsync("eth_getTransactionByHash", [txHash], ct).ConfigureAwait(false);
        if (result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var tx = Parse("eth_getTransactionByHash", () => Transaction.FromJson(result));
        if (tx.Hash != txHash)
        {
            throw new RpcDataException($"eth_getTransactionByHash: fields hash to {tx.Hash}, asked for {txHash}");
        }
        return tx;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Checks a block tag or quantity and returns it.</summary>
    public static string BlockTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (Tags.Contains(tag))
        {
            return tag;
        }
        try
        {
            Hex.ParseQuantity(tag);
            return tag;
        }
        catch (FormatException)
        {
            throw new ArgumentException($"block tag '{tag}' is not latest, safe, finalized, earliest, pending or a 0x quantity", nameof(tag));
        }
    }

    internal static BlockHeader VerifiedHeader(string method, JsonElement block, Hash32? expected)
    {
        BlockHeader header;
        Hash32 claimed;
        Hash32 computed;
        try
        {
            header = BlockHeader.FromJson(block);
            claimed = Json.Hash(block, "hash");
            // Encoding refuses impossible field sets (a fork field present while an earlier one is missing).
            computed = header.Hash;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new RpcDataException($"{method}: malformed block: {ex.Message}", ex);
        }
        if (computed != claimed)
        {
            throw new RpcDataException($"{method}: block {header.Number} fields hash to {computed}, the node says {claimed}");
        }
        if (expected is { } e && e != claimed)
        {
            throw new RpcDataException($"{method}: asked for block {e}, got {claimed}");
        }
        return header;
    }

    private async Task<T> ResilientAsync<T>(string method, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (a, token) => await a(token).ConfigureAwait(false), attempt, ct).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            // One exception type for "the node is not answering", whatever layer noticed it.
            throw new RpcTransportException($"{method}: circuit open after repeated failures of {Endpoint.Host}:{Endpoint.Port}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new RpcTransportException($"{method}: no answer from {Endpoint.Host}:{Endpoint.Port} within {Options.AttemptTimeout.TotalSeconds:0.###} s", ex);
        }
    }

    /// <summary>One HTTP exchange: POSTs the body and returns the parsed JSON (transport trouble → RpcTransportException).</summary>
    private async Task<JsonElement> PostAsync(string method, byte[] requestBody, CancellationToken ct)
    {
        using var body = await PostBytesAsync(method, requestBody, ct).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(body.Memory);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            if (!body.Ok)
            {
                throw new RpcException($"{method}: HTTP error from {Endpoint.Host}:{Endpoint.Port}");
            }
            throw new RpcDataException($"{method}: response is not JSON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// One HTTP exchange: POSTs the body and returns the response bytes (in a pooled buffer the caller disposes) and
    /// whether the status was a success.
    /// </summary>
    private async Task<ResponseBody> PostBytesAsync(string method, byte[] requestBody, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(requestBody) };
        request.Content.Headers.ContentType = JsonType;
        HttpResponseMessage response;
        try
        {
            // Headers only: the body is read straight into a pooled buffer below.
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RpcTransportException($"{method}: {Endpoint.Host}:{Endpoint.Port} unreachable: {ex.Message}", ex);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
            {
                throw new RpcTransportException($"{method}: HTTP {status} from {Endpoint.Host}:{Endpoint.Port}");
            }
            try
            {
                return await ResponseBody.ReadAsync(response, Options.MaxResponseBytes, method, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new RpcTransportException($"{method}: response body lost: {ex.Message}", ex);
            }
        }
    }

    private static ResiliencePipeline BuildPipeline(RpcOptions o)
    {
        // Transport trouble only: JSON-RPC errors and bad content are answers, not outages.
        var transient = new PredicateBuilder().Handle<RpcTransportException>().Handle<TimeoutRejectedException>();
        var builder = new ResiliencePipelineBuilder();
        if (o.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                MaxDelay = o.RetryMaxDelay,
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = o.BreakerFailureRatio,
            MinimumThroughput = o.BreakerMinimumThroughput,
            SamplingDuration = o.BreakerSamplingDuration,
            BreakDuration = o.BreakerBreakDuration,
        });
        builder.AddTimeout(o.AttemptTimeout);
        return builder.Build();
    }

    private static T Parse<T>(string method, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new RpcDataException($"{method}: malformed result: {ex.Message}", ex);
        }
    }

    private static string Str(string method, JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new RpcDataException($"{method}: result is {e.ValueKind}, expected a hex string");

    private static ulong Quantity(string method, JsonElement e) => Parse(method, () => Hex.ParseQuantity(Str(method, e)));

    private static BigInteger BigQuantity(string method, JsonElement e) => Parse(method, () => Hex.ParseBigQuantity(Str(method, e)));

    private static byte[] Bytes(string method, JsonElement e) => Parse(method, () => Hex.Decode(Str(method, e)));

    private static Hash32 ParseHash(string method, JsonElement e) => Parse(method, () => Hash32.Parse(Str(method, e)));
}
