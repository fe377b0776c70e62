namespace Wsc.Grains.Interfaces.Storage;

/// <summary>A stored file: its URL, size, blob count and roots (what `wsc storage put` prints).</summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.StoragePutResult")]
public sealed record StoragePutResult(
    [property: Id(0)] string Url,
    [property: Id(1)] long Bytes,
    [property: Id(2)] int Blobs,
    [property: Id(3)] string[] Roots);
