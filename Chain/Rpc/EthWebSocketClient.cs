using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Wsc.Chain.Rpc;

/// <summary>
/// JSON-RPC over one WebSocket: calls matched to responses by id and eth_subscribe notifications routed per
/// subscription. When the socket closes or fails, pending calls fail and subscriptions end (with the error, if any),
/// so callers notice and fall back to polling.
/// </summary>
public sealed class EthWebSocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<long, (TaskCompletionSource<JsonElement> Tcs, bool Subscribe)> _pending = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _subscriptions = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private long _nextId;
    private Exception? _closedWith;
    private volatile bool _closed;

    private EthWebSocketClient(ClientWebSocket socket, Uri endpoint)
    {
        _socket = socket;
        Endpoint = endpoint;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The ws:// or wss:// endpoint.</summary>
    public Uri Endpoint { get; }

    /// <summary>Opens the socket.</summary>
    public static async Task<EthWebSocketClient> ConnectAsync(Uri endpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        try
        {
            await socket.ConnectAsync(endpoint, ct).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            socket.Dispose();
            throw new RpcTransportException($"WebSocket {endpoint} unreachable: {ex.Message}", ex);
        }
        return new EthWebSocketClient(socket, endpoint);
    }

    /// <summary>Calls a method and returns its result.</summary>
    public async Task<JsonElement> CallAsync(string method, object?[] args, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (tcs, method == "eth_subscribe");
        try
        {
            if (_closed)
            {
                throw new RpcTransportException($"{method}: WebSocket {Endpoint} is closed", _closedWith ?? new WebSocketException());
            }
            var request = RpcJson.Request(id, method, args);
            await _sendLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
            }
            catch (WebSocketException ex)
            {
                throw new RpcTransportException($"{method}: WebSocket send failed: {ex.Message}", ex);
            }
            finally
            {
                _sendLock.Release();
            }
            var response = await tcs.Task.WaitAsync(ct).ConfigureAwait(false);
            return RpcJson.Result(method, response, null);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>eth_subscribe with <paramref name="args"/> (e.g. ["newHeads"]); returns the stream of notification results.</summary>
    public async Task<ChannelReader<JsonElement>> SubscribeAsync(object?[] args, CancellationToken ct)
    {
        // The channel is registered when the id arrives (inside the receive loop), so no early notification is lost.
        var result = await CallAsync("eth_subscribe", args, ct).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.String)
        {
            throw new RpcDataException($"eth_subscribe returned {result.ValueKind}, expected a subscription id");
        }
        return _subscriptions.GetOrAdd(result.GetString()!, _ => NewChannel()).Reader;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed && _socket.State == WebSocketState.Open)
        {
            try
            {
                using var t = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", t.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Closing politely is best effort; the socket is aborted below either way.
            }
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private static Channel<JsonElement> NewChannel() =>
        Channel.CreateBounded<JsonElement>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        Exception? error = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult r;
                do
                {
                    r = await _socket.ReceiveAsync(buffer.GetMemory(8192), _stop.Token).ConfigureAwait(false);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                    buffer.Advance(r.Count);
                }
                while (!r.EndOfMessage);
                Dispatch(buffer.WrittenSpan);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is WebSocketException or RpcDataException or JsonException)
        {
            error = ex is JsonException ? new RpcDataException($"WebSocket {Endpoint} sent invalid JSON: {ex.Message}", ex) : ex;
        }
        finally
        {
            Close(error);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> message)
    {
        using var doc = JsonDocument.Parse(message.ToArray());
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RpcDataException($"WebSocket {Endpoint} sent a {root.ValueKind}, expected a JSON-RPC object");
        }
        if (root.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.Number && idEl.TryGetInt64(out var id))
        {
            if (_pending.TryGetValue(id, out var call))
            {
                // Register the subscription channel before the caller sees the id: notifications may follow immediately.
                if (call.Subscribe && root.TryGetProperty("result", out var res) && res.ValueKind == JsonValueKind.String)
                {
                    _subscriptions.GetOrAdd(res.GetString()!, _ => NewChannel());
                }
                call.Tcs.TrySetResult(root.Clone());
            }
            return;
        }
        if (root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() == "eth_subscription"
            && root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("subscription", out var s) && s.ValueKind == JsonValueKind.String
            && p.TryGetProperty("result", out var result))
        {
            var channel = _subscriptions.GetOrAdd(s.GetString()!, _ => NewChannel());
            channel.Writer.TryWrite(result.Clone());
        }
    }

    private void Close(Exception? error)
    {
        _closedWith = error;
        _closed = true;
        var reason = error is null
            ? new RpcTransportException($"WebSocket {Endpoint} closed")
            : error as RpcDataException as Exception ?? new RpcTransportException($"WebSocket {Endpoint} failed: {error.Message}", error);
        foreach (var (_, call) in _pending)
        {
            call.Tcs.TrySetException(reason);
        }
        foreach (var (_, ch) in _subscriptions)
        {
            // A clean close ends the stream; a failure ends it with the error.
            ch.Writer.TryComplete(error is null ? null : reason);
        }
    }
}
