using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;

namespace Wsc.Silo.Devnet;

/// <summary>
/// The launcher's readiness probe (eth_chainId over plain HTTP, no retries: the launcher's wait loop retries) and
/// hex quantity parsing. The traffic generator uses Chain's <c>EthRpcClient</c>.
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
}
