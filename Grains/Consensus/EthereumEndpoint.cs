namespace Wsc.Grains.Consensus;

/// <summary>
/// The node this silo follows. Filled from `Ethereum:Rpc`/`Ws`, or by the devnet launcher once its anvil answers;
/// grains wait on <see cref="WhenReadyAsync"/> so they never race the launcher.
/// </summary>
public sealed class EthereumEndpoint
{
    private readonly TaskCompletionSource<(Uri Rpc, Uri? Ws)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Publishes the endpoint; later calls are ignored.</summary>
    public void Set(Uri rpc, Uri? ws) => _ready.TrySetResult((rpc, ws));

    /// <summary>Fails everyone waiting (e.g. the devnet could not start).</summary>
    public void Fail(Exception error) => _ready.TrySetException(error);

    /// <summary>True once set.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>The endpoint, once known.</summary>
    public Task<(Uri Rpc, Uri? Ws)> WhenReadyAsync(CancellationToken ct = default) => _ready.Task.WaitAsync(ct);
}
