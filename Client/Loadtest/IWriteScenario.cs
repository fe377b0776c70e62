namespace Wsc.Client.Loadtest;

/// <summary>A scenario whose requests write: it can read back, after the run, everything the cluster acknowledged.</summary>
public interface IWriteScenario : ILoadScenario
{
    /// <summary>Reads back every acknowledged write; a write missing or with other bytes is lost (the first one named).</summary>
    Task<WriteCheck> VerifyWritesAsync(CancellationToken cancellationToken);
}
