using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;

namespace Wsc.Silo.Devnet;

/// <summary>
/// The few JSON-RPC calls the devnet needs, over plain HTTP. Deliberately small and private to the devnet
/// so it can be swapped for Chain's client; it has no retries: the traffic loop retries a whole round.
/// </summary>
internal sealed class DevnetRpc(HttpClient http, Uri endpoint)
{
    private int _id;

    public async Task<JsonElement> CallAsync(string method, object?[] args, CancellationToken ct)
    {
        var request = new { jsonrpc = "2.0", id = Interlocked.Increment(ref _id), method, @params = args };
        using var response = await http.PostAsJsonAsync(endpoint, request, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var doc = await response.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false);
        if (doc.TryGetProperty("error", out var error))
        {
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
            throw new DevnetRpcException($"{method} failed on {endpoint}: {message}");
        }
        return doc.TryGetProperty("result", out var result)
            ? result.Clone()
            : throw new DevnetRpcException($"{method} on {endpoint}: response has neither result nor error");
    }

    public async Task<ulong> ChainIdAsync(CancellationToken ct) =>
        (ulong)ParseQuantity(await CallAsync("eth_chainId", [], ct).ConfigureAwait(false));

    public async Task<ulong> BlockNumberAsync(CancellationToken ct) =>
        (ulong)ParseQuantity(await CallAsync("eth_blockNumber", [], ct).ConfigureAwait(false));

    public async Task<string[]> AccountsAsync(CancellationToken ct)
    {
        var result = await CallAsync("eth_accounts", [], ct).ConfigureAwait(false);
        return [.. result.EnumerateArray().Select(a => a.GetString()!)];
    }

    public async Task<bool> HasCodeAsync(string address, CancellationToken ct)
    {
        var code = (await CallAsync("eth_getCode", [address, "latest"], ct).ConfigureAwait(false)).GetString();
        return code is { Length: > 2 };
    }

    public async Task<ulong> PendingNonceAsync(string address, CancellationToken ct) =>
        (ulong)ParseQuantity(await CallAsync("eth_getTransactionCount", [address, "pending"], ct).ConfigureAwait(false));

    public async Task<string> CallContractAsync(string to, string data, CancellationToken ct) =>
        (await CallAsync("eth_call", [new Dictionary<string, string> { ["to"] = to, ["data"] = data }, "latest"], ct).ConfigureAwait(false)).GetString()!;

    /// <summary>eth_sendTransaction from an unlocked account; returns the transaction hash.</summary>
    public async Task<string> SendAsync(string from, string? to, string data, ulong? nonce, CancellationToken ct)
    {
        var tx = new Dictionary<string, string> { ["from"] = from, ["data"] = data };
        if (to is not null)
        {
            tx["to"] = to;
        }
        if (nonce is ulong n)
        {
            tx["nonce"] = Quantity(n);
        }
        return (await CallAsync("eth_sendTransaction", [tx], ct).ConfigureAwait(false)).GetString()!;
    }

    /// <summary>The receipt of <paramref name="txHash"/>, or null while it is pending.</summary>
    public async Task<JsonElement?> ReceiptAsync(string txHash, CancellationToken ct)
    {
        var r = await CallAsync("eth_getTransactionReceipt", [txHash], ct).ConfigureAwait(false);
        return r.ValueKind == JsonValueKind.Null ? null : r;
    }

    public static BigInteger ParseQuantity(JsonElement value)
    {
        var s = value.GetString() ?? throw new DevnetRpcException("expected a hex quantity, got null");
        return ParseHex(s);
    }

    public static BigInteger ParseHex(string s)
    {
        if (!s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            throw new DevnetRpcException($"'{s}' is not a 0x-prefixed hex value");
        }
        return s.Length == 2 ? BigInteger.Zero : BigInteger.Parse("0" + s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static string Quantity(BigInteger value) =>
        value.IsZero ? "0x0" : "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
}
