using Wsc.Zk.Crypto;
using Wsc.Zk.Field;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The challenges (α, β) of the memory bus across a run's proofs (docs/zkvm.md, "Memory between segments"): drawn from the run's statement (image id, input digest) and, for every proof in order
/// (segments; the last carries the footprint tables), its AIR digest, statement-table heights and statement root. Every row those proofs put on the
/// bus is fixed by a root before the challenges exist; the AIR digest and heights say which columns a root commits.
/// </summary>
public static class MemoryChallenge
{
    /// <summary>What the challenges bind of one proof.</summary>
    public sealed record Proof(byte[] AirDigest, int[] LogHeights, byte[] StatementRoot);

    /// <summary>
    /// What the challenges bind of a proof of `system`: its AIR digest, the heights of the tables with statement columns
    /// (`logHeights` has one per table; the others are not bound: the root does not depend on them), and its root.
    /// </summary>
    public static Proof Bind(Wsc.Zk.Air.AirSystem system, IReadOnlyList<int> logHeights, byte[] statementRoot)
    {
        if (logHeights.Count != system.Tables.Count) throw new ArgumentException($"memory challenge: {logHeights.Count} heights for {system.Tables.Count} tables", nameof(logHeights));
        int[] bound = [.. Enumerable.Range(0, logHeights.Count).Where(t => system.Tables[t].StatementWidth > 0).Select(t => logHeights[t])];
        return new Proof(Wsc.Zk.Stark.AirDigest.Compute(system), bound, statementRoot);
    }

    public static (Ext3 Alpha, Ext3 Beta) Derive(ImageId imageId, ReadOnlySpan<byte> inputDigest, IReadOnlyList<Proof> proofs)
    {
        var t = new Transcript("wsc-zkvm-memory/v1");
        t.Absorb(imageId.Bytes);
        t.Absorb(inputDigest);
        t.AbsorbU64((ulong)proofs.Count);
        foreach (var p in proofs)
        {
            if (p.StatementRoot.Length != 32) throw new ArgumentException($"memory challenge: a statement root has {p.StatementRoot.Length} bytes, expected 32", nameof(proofs));
            t.Absorb(p.AirDigest);
            t.AbsorbU64((ulong)p.LogHeights.Length);
            foreach (var h in p.LogHeights) t.AbsorbU64((ulong)h);
            t.Absorb(p.StatementRoot);
        }
        return (t.DrawExt(), t.DrawExt());
    }
}
