using System.Text;
using Wsc.Zk.Air;
using Wsc.Zk.Crypto;

namespace Wsc.Zk.Stark;

/// <summary>Seeds the Fiat-Shamir transcript with the whole statement: AIR shape, options, heights and public inputs.</summary>
public static class ProtocolTranscript
{
    public static Transcript Start(AirSystem air, ProofOptions options, ReadOnlySpan<int> logHeights, ReadOnlySpan<ulong> publicInputs)
    {
        var t = new Transcript(air.Name);
        var w = new ProofWriter();
        w.U16(StarkProof.FormatVersion);
        w.U32((uint)options.Blowup);
        w.U32((uint)options.Queries);
        w.U32((uint)options.GrindingBits);
        w.U32((uint)options.FoldingFactor);
        w.U32((uint)options.RemainderSize);
        w.U32((uint)air.Tables.Count);
        for (int i = 0; i < air.Tables.Count; i++)
        {
            var table = air.Tables[i];
            var name = Encoding.UTF8.GetBytes(table.Name);
            w.U32((uint)name.Length);
            foreach (var b in name) w.Byte(b);
            w.U32((uint)table.PreprocessedWidth);
            w.U32((uint)table.MainWidth);
            w.U32((uint)table.TransitionDegrees.Count);
            w.U32((uint)table.RowDegrees.Count);
            w.U32((uint)table.Interactions.Count);
            w.U32((uint)table.InteractionsPerAuxColumn);
            w.U32((uint)logHeights[i]);
        }
        w.Felts(publicInputs);
        t.Absorb(w.ToArray());
        return t;
    }
}
