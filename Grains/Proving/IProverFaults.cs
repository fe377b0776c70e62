using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>
/// Fault injection for tests only: changes a proven segment's bytes before the prover returns them (a prover that lies
/// or a bit flipped on the way), or refuses a segment as the AIR would (a trap found in one segment). Silos register
/// none; a test cluster registers one to check that a bad proof is caught, counted and proven again, and that a job
/// failed by one segment stops its others.
/// </summary>
public interface IProverFaults
{
    /// <summary>The bytes to return for `task` instead of `segment` (or `segment` itself).</summary>
    byte[] Apply(SegmentTask task, byte[] segment);

    /// <summary>Called as `task` starts proving: a reason to fail it permanently (as the AIR refusing it), or null to prove it.</summary>
    string? Refuse(SegmentTask task) => null;
}
