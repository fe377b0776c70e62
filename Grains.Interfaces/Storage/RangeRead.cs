namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// A byte range of a file with its inclusion proof: the signed directory entry, the requested bytes and, per blob
/// touched, the covering cells with a Merkle range proof against that blob's root.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.RangeRead")]
public sealed record RangeRead(
    [property: Id(0)] DirectoryEntry Entry,
    [property: Id(1)] long Offset,
    [property: Id(2)] byte[] Bytes,
    [property: Id(3)] RangeSegment[] Segments);
