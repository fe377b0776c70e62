namespace Wsc.Grains.Interfaces.Proving;

/// <summary>
/// What a proof job proves: the program (ELF bytes) run on the input, and what the proof is for (a zkGraph output of
/// one block, or nothing for a bare job). The job id is the caller's: one id, one receipt.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.proving.ProofRequest")]
public sealed record ProofRequest(
    [property: Id(0)] byte[] Program,
    [property: Id(1)] byte[] Input,
    [property: Id(2)] string? GraphId,
    [property: Id(3)] ulong? Block,
    [property: Id(4)] string? BlockHash);
