using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>Everything the prover needs for one segment: the AIR system, its main traces (table order) and public inputs.</summary>
public sealed record SegmentWitness(AirSystem System, ulong[][][] Traces, ulong[] PublicInputs, SegmentBoundary Boundary)
{
    /// <summary>Rows of the CPU table (a power of two at least the segment's cycles).</summary>
    public int CpuRows => Traces[VmAir.CpuIndex][0].Length;
}
