using Wsc.Zk.Air;
using Wsc.Zk.Field;

namespace Wsc.Zk.Stark;

/// <summary>LogUp arithmetic shared by prover and verifier: fingerprints α − (bus + Σ β^(i+1)·v_i) and signed multiplicities.</summary>
public static class LogUp
{
    /// <summary>α − (bus + Σ_i β^(i+1)·value_i) for a base-field frame.</summary>
    public static Ext3 Denominator(Interaction interaction, ReadOnlySpan<Felt> frame, Ext3 alpha, Ext3 beta)
    {
        Ext3 acc = Ext3.FromBase((ulong)interaction.Bus), bp = beta;
        foreach (var v in interaction.Values)
        {
            acc += bp.MulBase(v.Evaluate(frame).Value);
            bp *= beta;
        }
        return alpha - acc;
    }

    /// <summary>α − (bus + Σ_i β^(i+1)·value_i) for an extension-field frame (out-of-domain).</summary>
    public static Ext3 Denominator(Interaction interaction, ReadOnlySpan<Ext3> frame, Ext3 alpha, Ext3 beta)
    {
        Ext3 acc = Ext3.FromBase((ulong)interaction.Bus), bp = beta;
        foreach (var v in interaction.Values)
        {
            acc += bp * v.Evaluate(frame);
            bp *= beta;
        }
        return alpha - acc;
    }

    /// <summary>
    /// The helper-column constraint for a group of one or two interactions: h·d0 − m0, or h·d0·d1 − (m0·d1 + m1·d0);
    /// zero exactly when h = Σ m_i/d_i (denominators are non-zero w.h.p.).
    /// </summary>
    public static Ext3 HelperConstraint(Ext3 h, ReadOnlySpan<Ext3> d, ReadOnlySpan<Ext3> m) => d.Length == 1
        ? h * d[0] - m[0]
        : h * d[0] * d[1] - (m[0] * d[1] + m[1] * d[0]);

    /// <summary>+multiplicity for a send, −multiplicity for a receive.</summary>
    public static T SignedMultiplicity<T>(Interaction interaction, ReadOnlySpan<T> frame) where T : struct, IFieldElement<T>
    {
        var m = interaction.Multiplicity.Evaluate(frame);
        return interaction.IsSend ? m : -m;
    }
}
