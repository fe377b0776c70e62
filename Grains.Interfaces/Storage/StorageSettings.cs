namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// What a client needs to know before it writes: the chain the cluster follows (the default for URLs without
/// `:chainId`), the largest file it stores, and the most blobs one upload part or blob read may carry.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.StorageSettings")]
public sealed record StorageSettings(
    [property: Id(0)] ulong ChainId,
    [property: Id(1)] long MaxFileBytes,
    [property: Id(2)] int MaxBlobsPerCall);
