using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Stark;

/// <summary>
/// One interaction's LogUp denominator α − (bus + Σ_i β^(i+1)·value_i) with the challenges folded in once: as
/// K − Σ_c k_c·frame[c] it costs one base-by-extension product per frame column the values read, where
/// <see cref="LogUp.Denominator(Interaction, ReadOnlySpan{Felt}, Ext3, Ext3)"/> also multiplies β powers per value. The prover
/// evaluates it on every trace row and every quotient point; the result is the same field element.
/// </summary>
internal sealed class LogUpFingerprint
{
    private readonly int[] _columns;
    private readonly Ext3[] _coefficients;
    private readonly Ext3 _constant;
    private readonly PackedFelt[] _packed; // the coefficients broadcast to eight lanes, A0 A1 A2 per column

    public LogUpFingerprint(Interaction interaction, Ext3 alpha, Ext3 beta)
    {
        var byColumn = new SortedDictionary<int, Ext3>();
        Ext3 k = Ext3.FromBase((ulong)interaction.Bus), bp = beta;
        foreach (var v in interaction.Values)
        {
            k += bp.MulBase(v.Constant);
            foreach (var (column, coefficient) in v.Terms)
                byColumn[column] = byColumn.GetValueOrDefault(column) + bp.MulBase(coefficient);
            bp *= beta;
        }
        _constant = alpha - k;
        _columns = [.. byColumn.Keys];
        _coefficients = [.. byColumn.Values];
        _packed = [.. _coefficients.SelectMany(c => new[] { PackedFelt.FromBase(c.A0), PackedFelt.FromBase(c.A1), PackedFelt.FromBase(c.A2) })];
    }

    public Ext3 Denominator(ReadOnlySpan<Felt> frame)
    {
        ulong a0 = _constant.A0, a1 = _constant.A1, a2 = _constant.A2;
        for (int j = 0; j < _columns.Length; j++)
        {
            ulong v = frame[_columns[j]].Value;
            if (v == 0) continue;
            var c = _coefficients[j];
            a0 = Goldilocks.Sub(a0, Goldilocks.Mul(c.A0, v));
            a1 = Goldilocks.Sub(a1, Goldilocks.Mul(c.A1, v));
            a2 = Goldilocks.Sub(a2, Goldilocks.Mul(c.A2, v));
        }
        return new Ext3(a0, a1, a2);
    }

    /// <summary>The denominators of eight points at once (vector lanes, <see cref="GoldilocksVector.IsSupported"/>).</summary>
    public PackedExt3 Denominator(ReadOnlySpan<PackedFelt> frame)
    {
        var a0 = PackedFelt.FromBase(_constant.A0);
        var a1 = PackedFelt.FromBase(_constant.A1);
        var a2 = PackedFelt.FromBase(_constant.A2);
        for (int j = 0; j < _columns.Length; j++)
        {
            var v = frame[_columns[j]];
            a0 -= _packed[3 * j] * v;
            a1 -= _packed[3 * j + 1] * v;
            a2 -= _packed[3 * j + 2] * v;
        }
        return new PackedExt3(a0, a1, a2);
    }

    public static LogUpFingerprint[] For(IReadOnlyList<Interaction> interactions, Ext3 alpha, Ext3 beta) =>
        [.. interactions.Select(i => new LogUpFingerprint(i, alpha, beta))];
}
