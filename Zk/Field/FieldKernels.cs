using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wsc.Zk.Field;

/// <summary>Bulk loops of the prover over base columns with extension coefficients, 8 lanes at a time where AVX-512 exists.</summary>
public static class FieldKernels
{
    /// <summary>acc_a[i] += c_a · x[i] for a = 0..2: adds c·x (c in the extension, x a base column) into three SoA accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(Ext3 c, ReadOnlySpan<ulong> x, Span<ulong> acc0, Span<ulong> acc1, Span<ulong> acc2)
    {
        int n = x.Length, i = 0;
        if (GoldilocksVector.IsSupported && n >= 8)
        {
            var c0 = Vector512.Create(c.A0);
            var c1 = Vector512.Create(c.A1);
            var c2 = Vector512.Create(c.A2);
            ref ulong rx = ref MemoryMarshal.GetReference(x);
            ref ulong r0 = ref MemoryMarshal.GetReference(acc0);
            ref ulong r1 = ref MemoryMarshal.GetReference(acc1);
            ref ulong r2 = ref MemoryMarshal.GetReference(acc2);
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector512.LoadUnsafe(ref rx, (nuint)i);
                GoldilocksVector.Add(Vector512.LoadUnsafe(ref r0, (nuint)i), GoldilocksVector.Mul(v, c0)).StoreUnsafe(ref r0, (nuint)i);
                GoldilocksVector.Add(Vector512.LoadUnsafe(ref r1, (nuint)i), GoldilocksVector.Mul(v, c1)).StoreUnsafe(ref r1, (nuint)i);
                GoldilocksVector.Add(Vector512.LoadUnsafe(ref r2, (nuint)i), GoldilocksVector.Mul(v, c2)).StoreUnsafe(ref r2, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            acc0[i] = Goldilocks.Add(acc0[i], Goldilocks.Mul(x[i], c.A0));
            acc1[i] = Goldilocks.Add(acc1[i], Goldilocks.Mul(x[i], c.A1));
            acc2[i] = Goldilocks.Add(acc2[i], Goldilocks.Mul(x[i], c.A2));
        }
    }

    /// <summary>Σ x[i]·(w0[i] + w1[i]·u + w2[i]·u²): a base column against SoA extension weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Ext3 Dot(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> w0, ReadOnlySpan<ulong> w1, ReadOnlySpan<ulong> w2)
    {
        int n = x.Length, i = 0;
        ulong s0 = 0, s1 = 0, s2 = 0;
        if (GoldilocksVector.IsSupported && n >= 8)
        {
            var a0 = Vector512<ulong>.Zero;
            var a1 = Vector512<ulong>.Zero;
            var a2 = Vector512<ulong>.Zero;
            ref ulong rx = ref MemoryMarshal.GetReference(x);
            ref ulong r0 = ref MemoryMarshal.GetReference(w0);
            ref ulong r1 = ref MemoryMarshal.GetReference(w1);
            ref ulong r2 = ref MemoryMarshal.GetReference(w2);
            for (; i + 8 <= n; i += 8)
            {
                var v = Vector512.LoadUnsafe(ref rx, (nuint)i);
                a0 = GoldilocksVector.Add(a0, GoldilocksVector.Mul(v, Vector512.LoadUnsafe(ref r0, (nuint)i)));
                a1 = GoldilocksVector.Add(a1, GoldilocksVector.Mul(v, Vector512.LoadUnsafe(ref r1, (nuint)i)));
                a2 = GoldilocksVector.Add(a2, GoldilocksVector.Mul(v, Vector512.LoadUnsafe(ref r2, (nuint)i)));
            }
            for (int l = 0; l < 8; l++)
            {
                s0 = Goldilocks.Add(s0, a0[l]);
                s1 = Goldilocks.Add(s1, a1[l]);
                s2 = Goldilocks.Add(s2, a2[l]);
            }
        }
        for (; i < n; i++)
        {
            s0 = Goldilocks.Add(s0, Goldilocks.Mul(x[i], w0[i]));
            s1 = Goldilocks.Add(s1, Goldilocks.Mul(x[i], w1[i]));
            s2 = Goldilocks.Add(s2, Goldilocks.Mul(x[i], w2[i]));
        }
        return new Ext3(s0, s1, s2);
    }

    /// <summary>dst[i] = a[i]·b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> dst)
    {
        int n = dst.Length, i = 0;
        if (GoldilocksVector.IsSupported)
        {
            ref ulong ra = ref MemoryMarshal.GetReference(a);
            ref ulong rb = ref MemoryMarshal.GetReference(b);
            ref ulong rd = ref MemoryMarshal.GetReference(dst);
            for (; i + 8 <= n; i += 8)
                GoldilocksVector.Mul(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
        }
        for (; i < n; i++) dst[i] = Goldilocks.Mul(a[i], b[i]);
    }
}
