namespace Wsc.Grains.Interfaces.Storage;

/// <summary>One answered sample: the masked cell of a replica and the Merkle path of the plain cell.</summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.SampleAnswer")]
public sealed record SampleAnswer(
    [property: Id(0)] string Root,
    [property: Id(1)] int Replica,
    [property: Id(2)] int Length,
    [property: Id(3)] int Cell,
    [property: Id(4)] byte[] MaskedCell,
    [property: Id(5)] byte[] Path);
