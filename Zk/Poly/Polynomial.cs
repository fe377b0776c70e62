using System.Runtime.CompilerServices;
using Wsc.Zk.Field;

namespace Wsc.Zk.Poly;

/// <summary>Small polynomial helpers on natural-order coefficient vectors.</summary>
public static class Polynomial
{
    /// <summary>Σ c_i·x^i for base coefficients at an extension point (Horner).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Ext3 Evaluate(ReadOnlySpan<ulong> coeffs, Ext3 x)
    {
        Ext3 acc = Ext3.Zero;
        for (int i = coeffs.Length - 1; i >= 0; i--) acc = acc * x + new Ext3(coeffs[i], 0, 0);
        return acc;
    }

    /// <summary>Σ c_i·x^i for extension coefficients at an extension point (Horner).</summary>
    public static Ext3 Evaluate(ReadOnlySpan<Ext3> coeffs, Ext3 x)
    {
        Ext3 acc = Ext3.Zero;
        for (int i = coeffs.Length - 1; i >= 0; i--) acc = acc * x + coeffs[i];
        return acc;
    }

    /// <summary>Σ c_i·x^i for base coefficients at a base point.</summary>
    public static ulong Evaluate(ReadOnlySpan<ulong> coeffs, ulong x)
    {
        ulong acc = 0;
        for (int i = coeffs.Length - 1; i >= 0; i--) acc = Goldilocks.Add(Goldilocks.Mul(acc, x), coeffs[i]);
        return acc;
    }
}
