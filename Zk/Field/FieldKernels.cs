using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wsc.Zk.Field;

/// <summary>
/// Bulk loops of the prover over base columns with extension coefficients, 8 lanes at a time where AVX-512 or AVX2
/// exists (<see cref="GoldilocksVector"/>).
/// </summary>
public static class FieldKernels
{
    /// <summary>output[i] = first·x^i: eight lanes stepping by x^8 (a sequential chain of products is latency-bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Powers(ulong first, ulong x, Span<ulong> output)
    {
        int i = 0;
        ulong v = first;
        if (GoldilocksVector.IsSupported && output.Length >= 64)
        {
            Span<ulong> lanes = stackalloc ulong[8];
            for (int l = 0; l < 8; l++, v = Goldilocks.Mul(v, x)) lanes[l] = v;
            var cur = Vector512.Create<ulong>(lanes);
            var step = Vector512.Create(Goldilocks.Pow(x, 8));
            for (; i + 8 <= output.Length; i += 8)
            {
                cur.CopyTo(output.Slice(i, 8));
                cur = GoldilocksVector.Mul(cur, step);
            }
            v = Goldilocks.Mul(first, Goldilocks.Pow(x, (ulong)i));
        }
        for (; i < output.Length; i++, v = Goldilocks.Mul(v, x)) output[i] = v;
    }

    /// <summary>
    /// Inverts every element in place (scratch as long as values): one Montgomery chain per vector lane, so eight
    /// inversions instead of one but the products independent across lanes. A zero element throws as
    /// <see cref="Goldilocks.BatchInverse(Span{ulong}, Span{ulong})"/> does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BatchInverse(Span<ulong> values, Span<ulong> scratch)
    {
        int n = values.Length;
        if (!GoldilocksVector.IsSupported || n < 64 || (n & 7) != 0)
        {
            Goldilocks.BatchInverse(values, scratch);
            return;
        }
        if (scratch.Length < n) throw new ArgumentException($"scratch needs {n} elements, got {scratch.Length}", nameof(scratch));
        var acc = Vector512<ulong>.One;
        for (int i = 0; i < n; i += 8)
        {
            acc.CopyTo(scratch.Slice(i, 8));
            acc = GoldilocksVector.Mul(acc, Vector512.Create<ulong>(values.Slice(i, 8)));
        }
        Span<ulong> lanes = stackalloc ulong[8];
        acc.CopyTo(lanes);
        for (int l = 0; l < 8; l++)
        {
            // A zero lane product means a zero element: the scalar pass names its index.
            if (lanes[l] == 0)
            {
                Goldilocks.BatchInverse(values, scratch);
                return;
            }
            lanes[l] = Goldilocks.Inverse(lanes[l]);
        }
        var inv = Vector512.Create<ulong>(lanes);
        for (int i = n - 8; i >= 0; i -= 8)
        {
            var v = Vector512.Create<ulong>(values.Slice(i, 8));
            GoldilocksVector.Mul(inv, Vector512.Create<ulong>(scratch.Slice(i, 8))).CopyTo(values.Slice(i, 8));
            inv = GoldilocksVector.Mul(inv, v);
        }
    }

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

    /// <summary>
    /// Σ x[i]·(w0[i] + w1[i]·u + w2[i]·u²): a base column against SoA extension weights. Each component is a base dot
    /// product whose 128-bit terms are summed unreduced (see <see cref="DotBase"/>).
    /// </summary>
    public static Ext3 Dot(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> w0, ReadOnlySpan<ulong> w1, ReadOnlySpan<ulong> w2) =>
        new(DotBase(x, w0), DotBase(x, w1), DotBase(x, w2));

    /// <summary>
    /// Σ x[i]·w[i] mod p. With the vector kernels the four 32×32 partial products of each term go into three 64-bit
    /// sums per lane with carry counters and are reduced once at the end: about half the instructions of a product, a reduction and
    /// an addition per term. Any 64-bit inputs give the canonical residue.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong DotBase(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> w)
    {
        int n = x.Length, i = 0;
        if (w.Length < n) throw new ArgumentException($"weights ({w.Length}) shorter than the column ({n})", nameof(w));
        ulong s = 0;
        if (GoldilocksVector.IsSupported && n >= 8)
        {
            Vector512<ulong> sLow = default, cLow = default, sMid = default, cMid = default, sHigh = default, cHigh = default;
            ref ulong rx = ref MemoryMarshal.GetReference(x);
            ref ulong rw = ref MemoryMarshal.GetReference(w);
            for (; i + 8 <= n; i += 8)
            {
                var a = Vector512.LoadUnsafe(ref rx, (nuint)i);
                var b = Vector512.LoadUnsafe(ref rw, (nuint)i);
                var ah = Vector512.ShiftRightLogical(a, 32);
                var bh = Vector512.ShiftRightLogical(b, 32);
                var ll = GoldilocksVector.MultiplyLow32(a, b);
                var lh = GoldilocksVector.MultiplyLow32(a, bh);
                var hl = GoldilocksVector.MultiplyLow32(ah, b);
                var hh = GoldilocksVector.MultiplyLow32(ah, bh);
                // A wrapped sum is below the term just added; the compare's all-ones lane is −1, so subtracting it counts the carry.
                sLow += ll;
                cLow -= Vector512.LessThan(sLow, ll);
                sMid += lh;
                cMid -= Vector512.LessThan(sMid, lh);
                sMid += hl;
                cMid -= Vector512.LessThan(sMid, hl);
                sHigh += hh;
                cHigh -= Vector512.LessThan(sHigh, hh);
            }
            var sum = SumOfPartials(sLow, cLow, sMid, cMid, sHigh, cHigh);
            for (int l = 0; l < 8; l++) s = Goldilocks.Add(s, sum[l]);
        }
        for (; i < n; i++) s = Goldilocks.Add(s, Goldilocks.Mul(x[i], w[i]));
        return s;
    }

    /// <summary>(cLow·2^64 + sLow) + (cMid·2^64 + sMid)·2^32 + (cHigh·2^64 + sHigh)·2^64 mod p, canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> SumOfPartials(Vector512<ulong> sLow, Vector512<ulong> cLow, Vector512<ulong> sMid, Vector512<ulong> cMid, Vector512<ulong> sHigh, Vector512<ulong> cHigh)
    {
        var low = GoldilocksVector.Reduce128(cLow, sLow);
        var mid = GoldilocksVector.Reduce128(cMid, sMid);
        var high = GoldilocksVector.Reduce128(cHigh, sHigh);
        var sum = GoldilocksVector.Add(low, GoldilocksVector.Reduce128(Vector512.ShiftRightLogical(mid, 32), Vector512.ShiftLeft(mid, 32)));
        return GoldilocksVector.Add(sum, GoldilocksVector.Reduce128(high, Vector512<ulong>.Zero));
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

    /// <summary>
    /// acc_a[i] = Σ_k c_k.a · data[k·stride + i] for i &lt; count and a = 0..2 (the composition's λ-combination of
    /// constraint values stored constraint-major). The 128-bit partial products of each term are summed unreduced —
    /// three 64-bit sums with carry counters — and reduced once per element: 200 combinations of 100 terms × 256 points
    /// took 3.6 ms against 5.6 ms with <see cref="AddScaled"/> per term. (Over 100 separate columns instead, reading all
    /// of them for every eight rows defeated the prefetcher and was 1.6× slower than AddScaled column by column.)
    /// </summary>
    public static void LinearCombination(ReadOnlySpan<Ext3> coeffs, ulong[] data, int stride, int count, Span<ulong> acc0, Span<ulong> acc1, Span<ulong> acc2)
    {
        if (coeffs.Length > 0 && ((long)(coeffs.Length - 1) * stride + count > data.Length || stride < 0))
            throw new ArgumentOutOfRangeException(nameof(stride), $"{coeffs.Length} runs of {count} at stride {stride} exceed {data.Length} elements");
        Combine(new StridedRuns(data, stride), coeffs, count, acc0, acc1, acc2);
    }

    private interface IRuns
    {
        ulong At(int k, int i);

        ref ulong Run(int k);
    }

    private readonly struct StridedRuns(ulong[] data, int stride) : IRuns
    {
        public ulong At(int k, int i) => data[k * stride + i];

        public ref ulong Run(int k) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(data), k * stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Combine<TRuns>(TRuns runs, ReadOnlySpan<Ext3> coeffs, int count, Span<ulong> acc0, Span<ulong> acc1, Span<ulong> acc2) where TRuns : struct, IRuns
    {
        if (acc0.Length < count || acc1.Length < count || acc2.Length < count) throw new ArgumentException($"accumulators shorter than {count}");
        int m = coeffs.Length, i = 0;
        if (GoldilocksVector.IsSupported && count >= 8)
        {
            // Coefficient words split into 32-bit halves once: vpmuludq multiplies the low halves of its lanes.
            var halves = m <= 512 ? stackalloc ulong[6 * m] : new ulong[6 * m];
            for (int k = 0; k < m; k++)
            {
                var c = coeffs[k];
                halves[6 * k] = c.A0 & Goldilocks.Epsilon;
                halves[6 * k + 1] = c.A0 >> 32;
                halves[6 * k + 2] = c.A1 & Goldilocks.Epsilon;
                halves[6 * k + 3] = c.A1 >> 32;
                halves[6 * k + 4] = c.A2 & Goldilocks.Epsilon;
                halves[6 * k + 5] = c.A2 >> 32;
            }
            for (; i + 8 <= count; i += 8)
            {
                // One component per pass over the terms: six accumulators stay in registers.
                for (int a = 0; a < 3; a++)
                {
                    Vector512<ulong> sLow = default, cLow = default, sMid = default, cMid = default, sHigh = default, cHigh = default;
                    for (int k = 0; k < m; k++)
                    {
                        var x = Vector512.LoadUnsafe(ref runs.Run(k), (nuint)i);
                        var xh = Vector512.ShiftRightLogical(x, 32);
                        var cl = Vector512.Create(halves[6 * k + 2 * a]);
                        var ch = Vector512.Create(halves[6 * k + 2 * a + 1]);
                        var ll = GoldilocksVector.MultiplyLow32(x, cl);
                        var lh = GoldilocksVector.MultiplyLow32(x, ch);
                        var hl = GoldilocksVector.MultiplyLow32(xh, cl);
                        var hh = GoldilocksVector.MultiplyLow32(xh, ch);
                        // A wrapped sum is below the term just added; the compare's all-ones lane is −1, so subtracting it counts the carry.
                        sLow += ll;
                        cLow -= Vector512.LessThan(sLow, ll);
                        sMid += lh;
                        cMid -= Vector512.LessThan(sMid, lh);
                        sMid += hl;
                        cMid -= Vector512.LessThan(sMid, hl);
                        sHigh += hh;
                        cHigh -= Vector512.LessThan(sHigh, hh);
                    }
                    var sum = SumOfPartials(sLow, cLow, sMid, cMid, sHigh, cHigh);
                    var dst = a == 0 ? acc0 : a == 1 ? acc1 : acc2;
                    sum.StoreUnsafe(ref MemoryMarshal.GetReference(dst), (nuint)i);
                }
            }
        }
        for (; i < count; i++)
        {
            ulong s0 = 0, s1 = 0, s2 = 0;
            for (int k = 0; k < m; k++)
            {
                ulong x = runs.At(k, i);
                s0 = Goldilocks.Add(s0, Goldilocks.Mul(x, coeffs[k].A0));
                s1 = Goldilocks.Add(s1, Goldilocks.Mul(x, coeffs[k].A1));
                s2 = Goldilocks.Add(s2, Goldilocks.Mul(x, coeffs[k].A2));
            }
            acc0[i] = s0;
            acc1[i] = s1;
            acc2[i] = s2;
        }
    }
}
