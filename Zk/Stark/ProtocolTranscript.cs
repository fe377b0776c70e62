using Wsc.Zk.Air;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;

namespace Wsc.Zk.Stark;

/// <summary>
/// Seeds the Fiat-Shamir transcript with the whole statement before any commitment: the AIR's digest
/// (<see cref="AirDigest"/>), the options, the preprocessed commitment, the table heights, the public inputs, and
/// what the AIR derives from them (each table's boundary constraints and public bus terms).
/// </summary>
public static class ProtocolTranscript
{
    /// <summary>
    /// The roots a transcript starts from (<see cref="Start(byte[], AirSystem, ProofOptions, IReadOnlyList{byte[]}, ReadOnlySpan{int}, ReadOnlySpan{ulong})"/>):
    /// the preprocessed commitment (the key's), then the statement commitment (the proof's), each when the AIR has such
    /// columns. Which is which follows from the AIR digest, which holds every table's widths.
    /// </summary>
    public static List<byte[]> StartRoots(byte[]? preprocessed, byte[]? statement)
    {
        var roots = new List<byte[]>();
        if (preprocessed is not null) roots.Add(preprocessed);
        if (statement is not null) roots.Add(statement);
        return roots;
    }

    /// <summary>The seeded transcript; `preprocessedRoots` are the commitments made before it starts (<see cref="StartRoots"/>).</summary>
    public static Transcript Start(byte[] airDigest, AirSystem air, ProofOptions options, IReadOnlyList<byte[]> preprocessedRoots, ReadOnlySpan<int> logHeights, ReadOnlySpan<ulong> publicInputs)
    {
        var t = new Transcript("wsc-stark");
        var w = new ProofWriter();
        w.U16(StarkProof.FormatVersion);
        w.Digest(airDigest);
        StarkProof.WriteOptions(w, options);
        w.U32((uint)preprocessedRoots.Count);
        foreach (var r in preprocessedRoots) w.Digest(r);
        w.U32((uint)logHeights.Length);
        foreach (var h in logHeights) w.Byte((byte)h);
        w.Felts(publicInputs);
        for (int i = 0; i < air.Tables.Count; i++)
        {
            var table = air.Tables[i];
            var boundaries = table.BoundaryConstraints(publicInputs, 1 << logHeights[i]);
            w.U32((uint)boundaries.Count);
            foreach (var b in boundaries)
            {
                w.U32((uint)b.Column);
                w.Byte((byte)b.Row);
                w.U64(Goldilocks.FromU64(b.Value));
            }
            var terms = table.PublicInteractions(publicInputs);
            w.U32((uint)terms.Count);
            foreach (var p in terms)
            {
                w.U32((uint)p.Bus);
                w.Byte(p.IsSend ? (byte)1 : (byte)0);
                w.U64(Goldilocks.FromU64(p.Multiplicity));
                w.U32((uint)p.Values.Count);
                foreach (var v in p.Values) w.U64(Goldilocks.FromU64(v));
            }
            // A run's values are public inputs, absorbed above: its five numbers bind it.
            var runs = table.PublicRuns(publicInputs);
            w.U32((uint)runs.Count);
            foreach (var r in runs)
            {
                w.U32((uint)r.Bus);
                w.Byte(r.IsSend ? (byte)1 : (byte)0);
                w.U64(r.FirstPosition);
                w.U32((uint)r.ValuesAt);
                w.U32((uint)r.Count);
            }
        }
        t.Absorb(w.Written);
        return t;
    }

    /// <summary>Seeds the transcript computing the AIR digest here.</summary>
    public static Transcript Start(AirSystem air, ProofOptions options, IReadOnlyList<byte[]> preprocessedRoots, ReadOnlySpan<int> logHeights, ReadOnlySpan<ulong> publicInputs) =>
        Start(AirDigest.Compute(air), air, options, preprocessedRoots, logHeights, publicInputs);
}
