namespace Wsc.Silo.Devnet;

/// <summary>
/// The Ethereum JSON-RPC endpoint the silo follows: the local anvil devnet when the silo started one, else
/// `Ethereum:Rpc`/`Ethereum:Ws`. Published once at host start; readers await <see cref="WaitReadyAsync"/>.
/// </summary>
public sealed class EthereumEndpoint
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? _rpc;

    /// <summary>HTTP JSON-RPC URL (throws until published).</summary>
    public Uri Rpc => _rpc ?? throw new InvalidOperationException("the Ethereum endpoint is not published yet: await WaitReadyAsync first");

    /// <summary>WebSocket JSON-RPC URL, or null when only HTTP is configured (followers then poll).</summary>
    public Uri? Ws { get; private set; }

    /// <summary>The chain id the node is expected to report (`Ethereum:ChainId`, default 31337).</summary>
    public ulong ChainId { get; private set; }

    /// <summary>True when the endpoint is an anvil devnet this silo started (and will stop).</summary>
    public bool IsDevnet { get; private set; }

    /// <summary>True once the URLs are published.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the URLs are published; faults if the devnet failed to start.</summary>
    public Task WaitReadyAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    internal void Publish(Uri rpc, Uri? ws, ulong chainId, bool isDevnet)
    {
        _rpc = rpc;
        Ws = ws;
        ChainId = chainId;
        IsDevnet = isDevnet;
        _ready.TrySetResult();
    }

    internal void Fail(Exception error) => _ready.TrySetException(error);
}
