namespace Wsc.Grains.Interfaces.Proving;

/// <summary>
/// One segment to prove: the job's program and input (the prover re-creates the segment's trace from them), the
/// segment size, the index and which attempt at the segment this is. Proof options are the cluster's (Proving section), the same on every silo.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.proving.SegmentTask")]
public sealed record SegmentTask(
    [property: Id(0)] string JobId,
    [property: Id(1)] byte[] Program,
    [property: Id(2)] byte[] Input,
    [property: Id(3)] int SegmentLog2,
    [property: Id(4)] int Index,
    [property: Id(5)] int Attempt);
