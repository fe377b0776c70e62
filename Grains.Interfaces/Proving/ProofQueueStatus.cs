namespace Wsc.Grains.Interfaces.Proving;

/// <summary>The admission queue: jobs admitted (proving), jobs waiting in order, and the bound.</summary>
[GenerateSerializer, Immutable, Alias("wsc.proving.ProofQueueStatus")]
public sealed record ProofQueueStatus(
    [property: Id(0)] IReadOnlyList<string> Admitted,
    [property: Id(1)] IReadOnlyList<string> Waiting,
    [property: Id(2)] int MaxQueuedJobs);
