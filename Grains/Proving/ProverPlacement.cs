using Orleans.Placement;

namespace Wsc.Grains.Proving;

/// <summary>
/// Places prover grains round-robin over the silos: `prover/{n}` goes to the n-th compatible silo (mod the count, silos
/// in address order), so consecutive segments of a job, which go to consecutive keys, prove on different silos at
/// once. A silo that leaves takes its activations with it; the next call places them on the survivors.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.proving.ProverPlacement")]
public sealed class ProverPlacement : PlacementStrategy
{
    public static ProverPlacement Instance { get; } = new();
}
