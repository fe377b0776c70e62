namespace Wsc.Grains.Interfaces.Storage;

/// <summary>The cells of one blob covering part of a requested range, with their Merkle range proof.</summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.RangeSegment")]
public sealed record RangeSegment(
    [property: Id(0)] int Blob,
    [property: Id(1)] int FirstCell,
    [property: Id(2)] byte[] Cells,
    [property: Id(3)] byte[] Proof);
