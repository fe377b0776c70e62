using System.Net.Http.Json;
using System.Text.Json;
using Wsc.Chain;
using Wsc.Grains.Consensus;

namespace Wsc.Silo.Web3;

/// <summary>
/// eth_call against the followed chain for the web3:// gateway (auto mode and contract manual mode): the devnet or
/// `Ethereum:Rpc`. Kept to one method so it can give way to the Chain RPC client without touching the endpoints.
/// </summary>
public sealed class EthCall(IHttpClientFactory httpFactory, IConfiguration configuration, EthereumEndpoint? endpoint = null)
{
    /// <summary>The chain id the gateway answers for.</summary>
    public ulong ChainId => ulong.TryParse(configuration["Ethereum:ChainId"], out var id) ? id : 31337;

    /// <summary>The return bytes of calling <paramref name="to"/> with <paramref name="data"/> at the latest block.</summary>
    public async Task<byte[]> CallAsync(string to, byte[] data, CancellationToken ct)
    {
        var rpc = endpoint is { IsReady: true } e ? (await e.WhenReadyAsync(ct)).Rpc
            : configuration["Ethereum:Rpc"] is { Length: > 0 } r ? new Uri(r)
            : throw new InvalidOperationException("no Ethereum RPC is configured (Ethereum:Rpc) for eth_call");
        var http = httpFactory.CreateClient("web3");
        var request = new { jsonrpc = "2.0", id = 1, method = "eth_call", @params = new object[] { new { to, data = Hex.Encode(data) }, "latest" } };
        using var response = await http.PostAsJsonAsync(rpc, request, ct);
        response.EnsureSuccessStatusCode();
        var doc = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (doc.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"eth_call to {to} reverted or failed: {(error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString())}");
        }
        return Hex.Decode(doc.GetProperty("result").GetString() ?? "0x");
    }
}
