using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>
/// Fault injection for tests only: changes a proven segment's bytes before the prover returns them (a prover that lies
/// or a bit flipped on the way). Silos register none; a test cluster registers one to check that a bad proof is
/// caught, counted and proven again.
/// </summary>
public interface IProverFaults
{
    /// <summary>The bytes to return for `task` instead of `segment` (or `segment` itself).</summary>
    byte[] Apply(SegmentTask task, byte[] segment);
}
