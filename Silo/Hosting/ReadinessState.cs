namespace Wsc.Silo.Hosting;

/// <summary>Whether this silo has started: Orleans is up and the chain follower has been started (ChainReadiness adds its health).</summary>
public sealed class ReadinessState
{
    private volatile string? _notReady = "starting";

    /// <summary>Null when ready, otherwise why not.</summary>
    public string? NotReadyReason => _notReady;

    public void Ready() => _notReady = null;

    public void NotReady(string reason) => _notReady = reason;
}
