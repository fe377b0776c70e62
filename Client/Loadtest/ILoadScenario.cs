namespace Wsc.Client.Loadtest;

/// <summary>One kind of request a load test repeats (e.g. `ticks`, `storage-get`).</summary>
public interface ILoadScenario
{
    /// <summary>The scenario's name on the command line.</summary>
    string Name { get; }

    /// <summary>Untimed set-up before the first request (e.g. files to read back) for a run of <paramref name="requests"/>.</summary>
    Task PrepareAsync(long requests, CancellationToken cancellationToken);

    /// <summary>Request number <paramref name="index"/>; completes when answered, throws when the request failed.</summary>
    Task RunAsync(long index, CancellationToken cancellationToken);
}
