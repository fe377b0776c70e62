using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Wsc.Chain.Types;

namespace Wsc.Chain.Rpc;

/// <summary>
/// eth_subscribe("newHeads") over WebSocket, yielding only headers whose fields hash to the hash the node sent.
/// The stream ends when the socket closes and throws when it fails or a header is forged, so callers can fall back
/// to polling.
/// </summary>
public sealed class NewHeadsSubscription : IAsyncDisposable
{
    private readonly EthWebSocketClient _client;
    private readonly ChannelReader<JsonElement> _heads;

    private NewHeadsSubscription(EthWebSocketClient client, ChannelReader<JsonElement> heads)
    {
        _client = client;
        _heads = heads;
    }

    /// <summary>Connects and subscribes.</summary>
    public static async Task<NewHeadsSubscription> ConnectAsync(Uri endpoint, CancellationToken ct)
    {
        var client = await EthWebSocketClient.ConnectAsync(endpoint, ct).ConfigureAwait(false);
        try
        {
            var heads = await client.SubscribeAsync(["newHeads"], ct).ConfigureAwait(false);
            return new NewHeadsSubscription(client, heads);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Verified headers as the node announces them.</summary>
    public async IAsyncEnumerable<BlockHeader> ReadAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        while (await _heads.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (_heads.TryRead(out var head))
            {
                yield return EthRpcClient.VerifiedHeader("newHeads", head, null);
            }
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
