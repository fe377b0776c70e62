using Wsc.Grains.Interfaces.Storage;
using Wsc.Storage.Sampling;

namespace Wsc.Grains.Storage;

/// <summary>Verifies a shard's answers with the Orleans-free <see cref="SampleVerifier"/>; clients use the same code.</summary>
public static class ShardProofCheck
{
    /// <summary>Indexes of failing draws (out of <paramref name="expected"/>) for the tick challenge of <paramref name="blockHash"/>.</summary>
    public static IReadOnlyList<int> Failures(ShardProof proof, ReadOnlySpan<byte> blockHash, int expected)
    {
        var entries = proof.Index.Select(e => (Hex0x.Decode(e.Root, 32, "root"), e.Replica, e.Length)).ToList();
        return SampleVerifier.Check(blockHash, proof.Shard, entries, proof.Samples.Select(ToSample).ToList(), expected);
    }

    /// <summary>The Orleans-free sample.</summary>
    public static CellSample? ToSample(SampleAnswer? a) =>
        a is null ? null : new CellSample(Hex0x.Decode(a.Root, 32, "root"), a.Replica, a.Length, a.Cell, a.MaskedCell, a.Path);
}
