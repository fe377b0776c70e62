namespace Wsc.Grains.Consensus;

/// <summary>
/// The node this silo follows: published once at host start from `Ethereum:Rpc`/`Ws`, or by the devnet launcher
/// once its anvil answers. Grains and the devnet wait on <see cref="WhenReadyAsync"/> so they never race the launcher.
/// </summary>
public sealed class EthereumEndpoint
{
    private readonly TaskCompletionSource<(Uri Rpc, Uri? Ws)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isDevnet;

    /// <summary>Publishes the endpoint; <paramref name="isDevnet"/> marks an anvil this silo started. Later calls are ignored.</summary>
    public void Set(Uri rpc, Uri? ws, bool isDevnet = false)
    {
        // Written before the task completes so a reader that saw the endpoint also sees the flag.
        if (!_ready.Task.IsCompleted)
        {
            _isDevnet = isDevnet;
        }
        _ready.TrySetResult((rpc, ws));
    }

    /// <summary>Fails everyone waiting (e.g. the devnet could not start).</summary>
    public void Fail(Exception error) => _ready.TrySetException(error);

    /// <summary>True once set.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>True when the endpoint is an anvil devnet this silo started (and will stop).</summary>
    public bool IsDevnet => IsReady && _isDevnet;

    /// <summary>HTTP JSON-RPC URL; throws until published.</summary>
    public Uri Rpc => Published.Rpc;

    /// <summary>WebSocket JSON-RPC URL, or null when only HTTP is configured (followers then poll); throws until published.</summary>
    public Uri? Ws => Published.Ws;

    /// <summary>The endpoint, once known.</summary>
    public Task<(Uri Rpc, Uri? Ws)> WhenReadyAsync(CancellationToken ct = default) => _ready.Task.WaitAsync(ct);

    private (Uri Rpc, Uri? Ws) Published => _ready.Task.IsCompletedSuccessfully
        ? _ready.Task.Result
        : throw new InvalidOperationException("the Ethereum endpoint is not published yet: await WhenReadyAsync first");
}
