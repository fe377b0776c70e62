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

    /// <summary>
    /// Σ c_i·x^i for each of several base polynomials at one extension point: the powers of x are computed once (in
    /// parallel blocks) and each value is a vectorised dot product, instead of a sequential Ext3 Horner per polynomial.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Ext3[] EvaluateMany(IReadOnlyList<ulong[]> polys, Ext3 x)
    {
        int n = polys.Count == 0 ? 0 : polys.Max(p => p.Length);
        var p0 = GC.AllocateUninitializedArray<ulong>(n);
        var p1 = GC.AllocateUninitializedArray<ulong>(n);
        var p2 = GC.AllocateUninitializedArray<ulong>(n);
        const int Block = 1 << 14;
        Parallel.For(0, (n + Block - 1) / Block, b =>
        {
            int start = b * Block, end = Math.Min(n, start + Block);
            var pw = x.Pow((ulong)start);
            for (int i = start; i < end; i++)
            {
                p0[i] = pw.A0;
                p1[i] = pw.A1;
                p2[i] = pw.A2;
                pw *= x;
            }
        });
        var values = new Ext3[polys.Count];
        Parallel.For(0, polys.Count, k =>
        {
            var c = polys[k];
            values[k] = FieldKernels.Dot(c, p0.AsSpan(0, c.Length), p1.AsSpan(0, c.Length), p2.AsSpan(0, c.Length));
        });
        return values;
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

    /// <summary>In place: (f(X) − f(z)) / (X − z) by synthetic division; returns the remainder f(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Ext3 DivideByLinear(Span<Ext3> coeffs, Ext3 z)
    {
        Ext3 carry = Ext3.Zero;
        for (int i = coeffs.Length - 1; i >= 0; i--)
        {
            Ext3 c = coeffs[i];
            coeffs[i] = carry;
            carry = carry * z + c;
        }
        return carry;
    }
}
