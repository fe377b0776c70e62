namespace Wsc.Grains.Interfaces.Proving;

/// <summary>
/// A prover's answer: the encoded proven segment (Zk ProvenSegmentCodec), or the one-line reason it could not prove
/// it and whether trying again can help (a run the AIR cannot prove fails the same way everywhere); the silo that
/// proved it and how long proving took.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.proving.SegmentResult")]
public sealed record SegmentResult(
    [property: Id(0)] int Index,
    [property: Id(1)] byte[]? Segment,
    [property: Id(2)] string? Error,
    [property: Id(3)] bool Permanent,
    [property: Id(4)] string Silo,
    [property: Id(5)] double ProveMs);
