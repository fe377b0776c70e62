using System.Runtime.CompilerServices;
using System.Text;
using Wsc.Zk.Air;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;

namespace Wsc.Zk.Stark;

/// <summary>
/// A canonical SHA-256 digest of everything an <see cref="AirSystem"/> says independently of the public inputs and
/// heights: each table's name, widths, fixed height, every constraint's degree, the constraints' values on
/// pseudo-random extension-field frames (a Schwartz–Zippel fingerprint of the polynomials themselves), periodic
/// columns, interactions. Preprocessed column values are bound by their commitment, absorbed next to this digest.
/// Two AIRs that differ in any of these give different digests, so the transcript, seeded with it, fixes the statement.
/// </summary>
public static class AirDigest
{
    /// <summary>Frames per table on which the constraints are evaluated: one suffices w.h.p., two cost nothing.</summary>
    private const int Frames = 2;

    private static readonly ConditionalWeakTable<AirSystem, byte[]> Cache = new();

    /// <summary>The digest of the system (cached per instance; an AIR is immutable once built).</summary>
    public static byte[] Compute(AirSystem air) => (byte[])Cache.GetValue(air, Calculate).Clone();

    private static byte[] Calculate(AirSystem air)
    {
        var w = new ProofWriter();
        Text(w, "wsc-air-digest-v3");
        Text(w, air.Name);
        w.U32((uint)air.Tables.Count);
        for (int t = 0; t < air.Tables.Count; t++)
        {
            var table = air.Tables[t];
            Text(w, table.Name);
            w.U32((uint)table.PreprocessedWidth);
            w.U32((uint)table.MainWidth);
            w.U32((uint)table.StatementWidth);
            w.U32(table.FixedLogHeight is { } f ? (uint)f : uint.MaxValue);
            w.U32((uint)table.InteractionsPerAuxColumn);
            Ints(w, table.TransitionDegrees);
            Ints(w, table.RowDegrees);
            w.U32((uint)table.PeriodicColumns.Count);
            foreach (var p in table.PeriodicColumns) w.Felts(Canonical(p));
            Ints(w, table.PublicConstants);
            w.U32((uint)table.Interactions.Count);
            foreach (var i in table.Interactions)
            {
                w.U32((uint)i.Bus);
                w.Byte(i.IsSend ? (byte)1 : (byte)0);
                Expression(w, i.Multiplicity);
                w.U32((uint)i.Values.Count);
                foreach (var v in i.Values) Expression(w, v);
            }
            Fingerprint(w, t, table);
        }
        var digest = new byte[32];
        Sha256.Hash(w.ToArray(), digest);
        return digest;
    }

    /// <summary>Every transition and row constraint evaluated on frames drawn from a fixed seed and the table index.</summary>
    private static void Fingerprint(ProofWriter w, int index, TableAir table)
    {
        int width = table.PreprocessedWidth + table.MainWidth;
        var cur = new Ext3[width];
        var next = new Ext3[width];
        var per = new Ext3[table.PeriodicColumns.Count + table.PublicConstants.Count];
        var trans = new Ext3[table.TransitionDegrees.Count];
        var rows = new Ext3[table.RowDegrees.Count];
        for (int f = 0; f < Frames; f++)
        {
            var source = new Transcript("wsc-air-fingerprint-frame");
            source.AbsorbU64((ulong)index);
            source.AbsorbU64((ulong)f);
            for (int c = 0; c < width; c++) cur[c] = source.DrawExt();
            for (int c = 0; c < width; c++) next[c] = source.DrawExt();
            for (int c = 0; c < per.Length; c++) per[c] = source.DrawExt();
            Array.Clear(trans);
            Array.Clear(rows);
            table.EvaluateTransition<Ext3>(cur, next, per, trans);
            table.EvaluateRow<Ext3>(cur, per, rows);
            w.Exts(trans);
            w.Exts(rows);
        }
    }

    private static void Expression(ProofWriter w, LinearExpression e)
    {
        w.U64(e.Constant);
        w.U32((uint)e.Terms.Count);
        foreach (var (column, coefficient) in e.Terms)
        {
            w.U32((uint)column);
            w.U64(coefficient);
        }
    }

    private static ulong[] Canonical(ulong[] values) => [.. values.Select(Goldilocks.FromU64)];

    private static void Ints(ProofWriter w, IReadOnlyList<int> values)
    {
        w.U32((uint)values.Count);
        foreach (var v in values) w.U32((uint)v);
    }

    internal static void Text(ProofWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.U32((uint)bytes.Length);
        foreach (var b in bytes) w.Byte(b);
    }
}
