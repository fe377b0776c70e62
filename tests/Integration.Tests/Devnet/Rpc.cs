using System.Net.Http.Json;
using System.Text.Json;

namespace Wsc.Integration.Tests.Devnet;

/// <summary>One raw JSON-RPC call for assertions (independent of the code under test).</summary>
internal static class Rpc
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<JsonElement> CallAsync(Uri endpoint, string method, params object?[] args)
    {
        using var resp = await Http.PostAsJsonAsync(endpoint, new { jsonrpc = "2.0", id = 1, method, @params = args });
        var doc = await resp.Content.ReadFromJsonAsync<JsonElement>();
        if (doc.TryGetProperty("error", out var err))
        {
            throw new InvalidOperationException($"{method}: {err}");
        }
        return doc.GetProperty("result").Clone();
    }

    public static async Task<JsonElement[]> LogsAsync(Uri endpoint, string address, string topic0, ulong? toBlock = null) =>
        [.. (await CallAsync(endpoint, "eth_getLogs", new Dictionary<string, object>
        {
            ["fromBlock"] = "0x0",
            ["toBlock"] = toBlock is ulong to ? "0x" + to.ToString("x", System.Globalization.CultureInfo.InvariantCulture) : "latest",
            ["address"] = address,
            ["topics"] = new[] { topic0 },
        })).EnumerateArray()];
}
