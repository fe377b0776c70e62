using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Wsc.Zk.Field;

namespace Wsc.Zk.Poly;

/// <summary>Radix-2 number-theoretic transforms over Goldilocks with cached twiddles; no allocation in the butterflies.</summary>
/// <remarks>
/// The forward transform takes coefficients in bit-reversed order and yields evaluations in natural order (DIT); the
/// inverse takes natural evaluations and yields bit-reversed coefficients (DIF). Composing them never needs an explicit
/// permutation, which is what the LDE does.
/// </remarks>
public static class Ntt
{
    private static readonly ConcurrentDictionary<int, ulong[]> ForwardRoots = new();
    private static readonly ConcurrentDictionary<int, ulong[]> InverseRoots = new();
    private static readonly ConcurrentDictionary<(ulong Shift, int LogN), ulong[]> ShiftTables = new();

    /// <summary>Twiddles laid out so that level `len` uses roots[len + j] = ω_{2·len}^j, j &lt; len: one contiguous run per level.</summary>
    public static ulong[] Roots(int logN, bool inverse)
    {
        var cache = inverse ? InverseRoots : ForwardRoots;
        return cache.GetOrAdd(logN, static (l, inv) =>
        {
            int n = 1 << l;
            var roots = new ulong[Math.Max(n, 2)];
            for (int len = 1; len < n; len <<= 1)
            {
                int logLen = System.Numerics.BitOperations.Log2((uint)len) + 1;
                ulong w = Goldilocks.RootOfUnity(logLen);
                if (inv) w = Goldilocks.Inverse(w);
                FieldKernels.Powers(1, w, roots.AsSpan(len, len));
            }
            return roots;
        }, inverse);
    }

    private static readonly ConditionalWeakTable<ulong[], ulong[]> CubeTables = new();

    /// <summary>2^48, a fourth root of unity: the radix-4 butterflies multiply by it with a shift and a reduction.</summary>
    private const ulong Pow48 = 1UL << 48;

    /// <summary>
    /// cubes[len + j] = roots[len + j]^3 = ω_(2len)^(3j): the third twiddle of a radix-4 butterfly, built once per root
    /// table (the root tables are cached for the process, so their cube tables are too).
    /// </summary>
    private static ulong[] Cubes(ulong[] roots) => CubeTables.GetValue(roots, static r =>
    {
        var c = new ulong[r.Length];
        int i = 0;
        if (GoldilocksVector.IsSupported)
        {
            // 2^21 products for a 2^20 table: eight lanes at a time (the scalar loop was ~0.6 % of a proof's samples).
            for (; i + 8 <= r.Length; i += 8)
            {
                var x = Vector512.Create<ulong>(r.AsSpan(i, 8));
                GoldilocksVector.Mul(GoldilocksVector.Mul(x, x), x).CopyTo(c.AsSpan(i, 8));
            }
        }
        for (; i < r.Length; i++) c[i] = Goldilocks.Mul(Goldilocks.Mul(r[i], r[i]), r[i]);
        return c;
    });

    /// <summary>
    /// Whether the table's ω_4 (roots[3]) is +2^48 rather than −2^48: the butterflies then take their differences the
    /// other way round so that the product is always by +2^48.
    /// </summary>
    private static bool Root4IsPow48(ulong[] roots)
    {
        if (roots[3] == Pow48) return true;
        if (roots[3] == Goldilocks.P - Pow48) return false;
        throw new InvalidOperationException("internal: the fourth root of unity is not ±2^48");
    }

    /// <summary>Evaluations (natural order) on H_n → n·coefficients in bit-reversed order (the caller divides by n).</summary>
    public static void InverseUnscaledToBitReversed(Span<ulong> a)
    {
        int n = a.Length;
        CheckPow2(n);
        var roots = Roots(Log2(n), inverse: true);
        Dif(a, roots);
    }

    /// <summary>Coefficients in bit-reversed order → evaluations on H_n in natural order.</summary>
    public static void ForwardFromBitReversed(Span<ulong> a)
    {
        int n = a.Length;
        CheckPow2(n);
        var roots = Roots(Log2(n), inverse: false);
        Dit(a, roots);
    }

    /// <summary>Natural-order coefficients → natural-order evaluations on H_n.</summary>
    public static void Forward(Span<ulong> a)
    {
        BitReverse(a);
        ForwardFromBitReversed(a);
    }

    /// <summary>Natural-order evaluations on H_n → natural-order coefficients.</summary>
    public static void Inverse(Span<ulong> a)
    {
        InverseUnscaledToBitReversed(a);
        BitReverse(a);
        ulong nInv = Goldilocks.Inverse((ulong)a.Length);
        for (int i = 0; i < a.Length; i++) a[i] = Goldilocks.Mul(a[i], nInv);
    }

    /// <summary>Evaluations on the coset shift·H_n (natural order) → natural-order coefficients.</summary>
    public static void CosetInverse(Span<ulong> a, ulong shift)
    {
        Inverse(a);
        ulong sInv = Goldilocks.Inverse(shift), s = 1;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = Goldilocks.Mul(a[i], s);
            s = Goldilocks.Mul(s, sInv);
        }
    }

    /// <summary>Natural-order coefficients → evaluations on the coset shift·H_n, natural order.</summary>
    public static void CosetForward(Span<ulong> a, ulong shift)
    {
        ulong s = 1;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = Goldilocks.Mul(a[i], s);
            s = Goldilocks.Mul(s, shift);
        }
        Forward(a);
    }

    /// <summary>
    /// Builds the cached tables a low-degree extension of 2^logN points onto these cosets uses (forward and inverse roots,
    /// their cubes, each shift's powers), side by side. Each is one sequential product chain of up to 2^logN steps; left to
    /// the first transforms, the workers that needed one waited on it or built the same table twice.
    /// </summary>
    public static void WarmTables(int logN, ReadOnlySpan<ulong> shifts)
    {
        var jobs = new List<Action> { () => Cubes(Roots(logN, inverse: false)), () => Cubes(Roots(logN, inverse: true)) };
        foreach (ulong shift in shifts) jobs.Add(() => ShiftPowersBitReversed(shift, logN));
        Parallel.Invoke([.. jobs]);
    }

    /// <summary>scale·shift^bitrev(j) for j &lt; 2^logN: multiplies bit-reversed coefficients onto a coset, cached.</summary>
    public static ulong[] ShiftPowersBitReversed(ulong shift, int logN)
    {
        return ShiftTables.GetOrAdd((shift, logN), static key =>
        {
            // The powers in natural order, eight lanes at a time, then one tiled bit reversal (building the table in place
            // level by level was ~10 ms of one core at 2^20, a scatter to bit-reversed slots missed the cache on every write).
            int n = 1 << key.LogN;
            var t = new ulong[n];
            FieldKernels.Powers(Goldilocks.Inverse((ulong)n), key.Shift, t);
            BitReverse(t);
            return t;
        });
    }

    /// <summary>
    /// Low-degree extension of one column: evaluations on H_n (natural) → evaluations on the cosets
    /// shifts[c]·H_bigN for each c, written to output[c·bigN .. (c+1)·bigN). `scratch` has n elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LowDegreeExtend(ReadOnlySpan<ulong> evals, ReadOnlySpan<ulong> shifts, int logBigN, Span<ulong> output, Span<ulong> scratch)
    {
        int n = evals.Length;
        CheckPow2(n);
        int logN = Log2(n), bigN = 1 << logBigN, s = logBigN - logN;
        if (s < 0) throw new ArgumentException($"column of {n} rows does not fit a domain of {bigN}", nameof(evals));
        var coeffs = scratch[..n];
        evals.CopyTo(coeffs);
        InverseUnscaledToBitReversed(coeffs);
        for (int c = 0; c < shifts.Length; c++)
        {
            var dst = output.Slice(c * bigN, bigN);
            if (s == 0 && shifts[c] == 1)
            {
                // The coset is H_n itself: the evaluations are the input.
                evals.CopyTo(dst);
                continue;
            }
            var table = ShiftPowersBitReversed(shifts[c], logN);
            if (s == 0)
            {
                Dit(dst, Roots(logBigN, inverse: false), coeffs, table);
                continue;
            }
            dst.Clear();
            for (int j = 0; j < n; j++) dst[j << s] = Goldilocks.Mul(coeffs[j], table[j]);
            ForwardFromBitReversed(dst);
        }
    }

    /// <summary>Coefficients (natural order, length ≤ 2^logBigN) → evaluations on shifts[c]·H_bigN per chunk c.</summary>
    public static void EvaluateOnCosets(ReadOnlySpan<ulong> coeffs, ReadOnlySpan<ulong> shifts, int logBigN, Span<ulong> output)
    {
        var prepared = PrepareForCosets(coeffs, logBigN);
        for (int c = 0; c < shifts.Length; c++) EvaluateOnCoset(prepared, shifts[c], output.Slice(c << logBigN, 1 << logBigN));
    }

    /// <summary>
    /// Coefficients (natural order, length ≤ 2^logN) → the input <see cref="EvaluateOnCoset"/> takes: padded to 2^logN,
    /// bit-reversed once and multiplied by 2^logN (the cached coset tables carry 1/2^logN for the LDE's unscaled inverse).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong[] PrepareForCosets(ReadOnlySpan<ulong> coeffs, int logN)
    {
        int n = 1 << logN;
        if (coeffs.Length > n) throw new ArgumentException($"{coeffs.Length} coefficients exceed domain {n}", nameof(coeffs));
        var prepared = GC.AllocateUninitializedArray<ulong>(n);
        coeffs.CopyTo(prepared);
        prepared.AsSpan(coeffs.Length).Clear();
        BitReverse(prepared);
        ulong scale = (ulong)n;
        for (int i = 0; i < n; i++) prepared[i] = Goldilocks.Mul(prepared[i], scale);
        return prepared;
    }

    /// <summary>
    /// Evaluations on shift·H_n in natural order from <see cref="PrepareForCosets"/>' output: one DIT whose cache blocks
    /// are filled with the coefficients times the shift's powers (no bit-reversal or scatter per coset).
    /// </summary>
    public static void EvaluateOnCoset(ulong[] prepared, ulong shift, Span<ulong> output)
    {
        int n = prepared.Length;
        CheckPow2(n);
        if (output.Length != n) throw new ArgumentException($"output has {output.Length} elements, expected {n}", nameof(output));
        int logN = Log2(n);
        Dit(output, Roots(logN, inverse: false), prepared, ShiftPowersBitReversed(shift, logN));
    }

    /// <summary>Levels whose butterflies stay inside blocks of this many elements run block by block, in cache.</summary>
    private const int CacheBlock = 1 << 15;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dif(Span<ulong> span, ulong[] roots)
    {
        int n = span.Length;
        var cubes = GoldilocksVector.IsSupported && n >= 32 ? Cubes(roots) : null;
        // Large levels are whole passes; the small ones finish each cache-sized block before moving on.
        int len = n >> 1;
        if (GoldilocksVector.IsSupported && n > CacheBlock)
        {
            // All levels above the cache block in one pass over memory, tile by tile.
            DifOuterTiled(span, roots, cubes!, CacheBlock);
            len = CacheBlock >> 1;
        }
        // Whole passes go two levels at a time (radix-4 shaped) to halve the trips through memory.
        for (; len >= 1 && 2 * len > CacheBlock; len >>= 1)
        {
            if (len > CacheBlock && GoldilocksVector.IsSupported)
            {
                DifTwoLevels(span, roots, cubes!, len);
                len >>= 1;
            }
            else
            {
                DifLevel(span, roots, len);
            }
        }
        if (len == 0) return;
        int top = len;
        bool small = GoldilocksVector.IsSupported && n >= 8;
        for (int b = 0; b < n; b += CacheBlock)
        {
            var block = span.Slice(b, Math.Min(CacheBlock, n));
            int l = top;
            // Two levels per pass inside the block too: half the loads and stores of radix-2 levels.
            for (; small && l >= 16; l >>= 2) DifTwoLevels(block, roots, cubes!, l);
            for (; l >= (small ? 8 : 1); l >>= 1) DifLevel(block, roots, l);
            if (small) DifLastThreeLevels(block, roots);
        }
    }

    private static void Dit(Span<ulong> span, ulong[] roots) => Dit(span, roots, default, default);

    /// <summary>DIT; when `source` is given, each cache block is first filled with source·scale (fusing the coset shift in).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dit(Span<ulong> span, ulong[] roots, ReadOnlySpan<ulong> source, ReadOnlySpan<ulong> scale)
    {
        int n = span.Length;
        int len = 1;
        int blockSize = Math.Min(CacheBlock, n);
        bool small = GoldilocksVector.IsSupported && n >= 8;
        bool fused = source.Length == n;
        var cubes = small && n >= 32 ? Cubes(roots) : null;
        for (int b = 0; b < n; b += blockSize)
        {
            var block = span.Slice(b, blockSize);
            if (small && fused && blockSize >= 64)
            {
                // The coset scaling is the first step of the transposed lane levels: no separate pass over the block.
                DitFirstThreeLevels(block, roots, source.Slice(b, blockSize), scale.Slice(b, blockSize));
            }
            else
            {
                if (fused) FieldKernels.Multiply(source.Slice(b, blockSize), scale.Slice(b, blockSize), block);
                if (small) DitFirstThreeLevels(block, roots, default, default);
            }
            int l = small ? 8 : 1;
            for (; small && 4 * l <= blockSize; l <<= 2) DitTwoLevels(block, roots, cubes!, l);
            for (; 2 * l <= blockSize; l <<= 1) DitLevel(block, roots, l);
        }
        while (2 * len <= blockSize) len <<= 1;
        if (GoldilocksVector.IsSupported && len < n)
        {
            // All levels above the cache block in one pass over memory, tile by tile.
            DitOuterTiled(span, roots, cubes!, blockSize);
            return;
        }
        for (; len < n; len <<= 1)
        {
            if (4 * len <= n && len >= 8 && GoldilocksVector.IsSupported)
            {
                DitTwoLevels(span, roots, cubes ?? Cubes(roots), len);
                len <<= 1;
            }
            else
            {
                DitLevel(span, roots, len);
            }
        }
    }

    private static readonly Vector512<ulong>[] PartnerIndex =
    [
        Vector512.Create(1UL, 0, 3, 2, 5, 4, 7, 6),
        Vector512.Create(2UL, 3, 0, 1, 6, 7, 4, 5),
        Vector512.Create(4UL, 5, 6, 7, 0, 1, 2, 3),
    ];

    /// <summary>
    /// Lane i of the result is lane i ^ 2^level of x. With AVX-512 one vpermq; on AVX2 (a Vector512 is two halves) level 2
    /// swaps the halves and levels 0 and 1 permute within each (vpermq with an immediate), since Vector512.Shuffle's
    /// software fallback moves the lanes one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Partner(Vector512<ulong> x, int level)
    {
        if (Avx512F.IsSupported) return Vector512.Shuffle(x, PartnerIndex[level]);
        if (level == 2) return Vector512.Create(x.GetUpper(), x.GetLower());
        if (level == 1) return Vector512.Create(Avx2.Permute4x64(x.GetLower(), 0b01_00_11_10), Avx2.Permute4x64(x.GetUpper(), 0b01_00_11_10));
        return Vector512.Create(Avx2.Permute4x64(x.GetLower(), 0b10_11_00_01), Avx2.Permute4x64(x.GetUpper(), 0b10_11_00_01));
    }

    private static readonly Vector512<ulong>[] SecondLane =
    [
        Vector512.Create(0UL, ulong.MaxValue, 0, ulong.MaxValue, 0, ulong.MaxValue, 0, ulong.MaxValue),
        Vector512.Create(0UL, 0, ulong.MaxValue, ulong.MaxValue, 0, 0, ulong.MaxValue, ulong.MaxValue),
        Vector512.Create(0UL, 0, 0, 0, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue),
    ];

    /// <summary>Lane i of level len (1, 2, 4) uses ω_(2len)^(i mod len), the twiddle of its butterfly.</summary>
    private static Vector512<ulong> SmallTwiddles(ulong[] roots, int level)
    {
        int len = 1 << level;
        Span<ulong> w = stackalloc ulong[8];
        for (int i = 0; i < 8; i++) w[i] = roots[len + (i & (len - 1))];
        return Vector512.Create((ReadOnlySpan<ulong>)w);
    }

    /// <summary>DIT levels 1, 2, 4 inside each group of 8 with lane shuffles (the scalar code would do them otherwise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DitFirstThreeLevels(Span<ulong> span, ulong[] roots, ReadOnlySpan<ulong> source, ReadOnlySpan<ulong> scale)
    {
        if (!Avx512F.IsSupported && span.Length >= 64)
        {
            DitFirstThreeLevelsAvx2(span, roots, source, scale);
            return;
        }
        // With a source (length ≥ 64, whole 64-element groups), the block is first source·scale, read from there.
        bool fused = source.Length == span.Length && span.Length >= 64;
        bool plus = Root4IsPow48(roots);
        var w2 = SmallTwiddles(roots, 2);
        ref ulong a = ref MemoryMarshal.GetReference(span);
        int i = 0;
        if (span.Length >= 64)
        {
            // 64 elements at a time, transposed so that lane r of vector c holds element 8r + c: the three levels are then
            // whole-vector butterflies with one twiddle per vector (1, ω_4, ω_8, ω_8^3), no per-lane shuffles or wasted
            // products; a transpose back restores the order. About half the instructions of the per-vector lane code.
            var w8 = Vector512.Create(roots[5]);
            var w8Cube = Vector512.Create(roots[7]);
            for (; i + 64 <= span.Length; i += 64)
            {
                ref ulong p = ref Unsafe.Add(ref a, i);
                Vector512<ulong> v0, v1, v2, v3, v4, v5, v6, v7;
                if (fused)
                {
                    ref ulong src = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), i);
                    ref ulong sc = ref Unsafe.Add(ref MemoryMarshal.GetReference(scale), i);
                    v0 = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref src, 0), Vector512.LoadUnsafe(ref sc, 0));
                    v1 = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref src, 8), Vector512.LoadUnsafe(ref sc, 8));
                    v2 = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref src, 16), Vector512.LoadUnsafe(ref sc, 16));
                    v3 = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref src, 24), Vector512.LoadUnsafe(ref sc, 24));
                    v4 = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref src, 32), Vector512.LoadUnsafe(ref sc, 32));
                    v5 = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref src, 40), Vector512.LoadUnsafe(ref sc, 40));
                    v6 = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref src, 48), Vector512.LoadUnsafe(ref sc, 48));
                    v7 = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref src, 56), Vector512.LoadUnsafe(ref sc, 56));
                }
                else
                {
                    v0 = Vector512.LoadUnsafe(ref p, 0);
                    v1 = Vector512.LoadUnsafe(ref p, 8);
                    v2 = Vector512.LoadUnsafe(ref p, 16);
                    v3 = Vector512.LoadUnsafe(ref p, 24);
                    v4 = Vector512.LoadUnsafe(ref p, 32);
                    v5 = Vector512.LoadUnsafe(ref p, 40);
                    v6 = Vector512.LoadUnsafe(ref p, 48);
                    v7 = Vector512.LoadUnsafe(ref p, 56);
                }
                Transpose8(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
                // Level 1 (twiddle 1): pairs (0,1), (2,3), (4,5), (6,7).
                DitUnit(ref v0, ref v1);
                DitUnit(ref v2, ref v3);
                DitUnit(ref v4, ref v5);
                DitUnit(ref v6, ref v7);
                // Level 2: (0,2) and (4,6) with 1, (1,3) and (5,7) with ω_4.
                DitUnit(ref v0, ref v2);
                DitUnit(ref v4, ref v6);
                DitRoot4(ref v1, ref v3, plus);
                DitRoot4(ref v5, ref v7, plus);
                // Level 4: (c, c+4) with ω_8^c.
                DitUnit(ref v0, ref v4);
                DitTwiddle(ref v1, ref v5, w8);
                DitRoot4(ref v2, ref v6, plus);
                DitTwiddle(ref v3, ref v7, w8Cube);
                Transpose8(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
                v0.StoreUnsafe(ref p, 0);
                v1.StoreUnsafe(ref p, 8);
                v2.StoreUnsafe(ref p, 16);
                v3.StoreUnsafe(ref p, 24);
                v4.StoreUnsafe(ref p, 32);
                v5.StoreUnsafe(ref p, 40);
                v6.StoreUnsafe(ref p, 48);
                v7.StoreUnsafe(ref p, 56);
            }
        }
        for (; i < span.Length; i += 8)
        {
            var x = Vector512.LoadUnsafe(ref a, (nuint)i);
            x = DitLaneUnitTwiddle(x);
            x = DitLaneRoot4(x, plus);
            x = DitLane(x, w2, 2);
            x.StoreUnsafe(ref a, (nuint)i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> DitLane(Vector512<ulong> x, Vector512<ulong> w, int level)
    {
        // Each lane pairs with lane i ^ len: first = u, second = v; outputs u + v·w and u − v·w.
        var partner = Partner(x, level);
        var second = SecondLane[level];
        var u = Vector512.ConditionalSelect(second, partner, x);
        var v = GoldilocksVector.Mul(Vector512.ConditionalSelect(second, x, partner), w);
        return Vector512.ConditionalSelect(second, GoldilocksVector.Sub(u, v), GoldilocksVector.Add(u, v));
    }

    // Index vectors of the 8×8 transpose (vpermt2q): at block size b, row r (bit b clear) takes its own lanes where the
    // lane has bit b clear and row r+b's lanes shifted down by b elsewhere; row r+b the mirror image.
    private static readonly Vector512<ulong>[] TransposeLow =
    [
        Vector512.Create(0UL, 8, 2, 10, 4, 12, 6, 14),
        Vector512.Create(0UL, 1, 8, 9, 4, 5, 12, 13),
        Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11),
    ];

    private static readonly Vector512<ulong>[] TransposeHigh =
    [
        Vector512.Create(1UL, 9, 3, 11, 5, 13, 7, 15),
        Vector512.Create(2UL, 3, 10, 11, 6, 7, 14, 15),
        Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15),
    ];

    /// <summary>Swaps the off-diagonal b×b blocks of rows x (bit b clear) and y = x's row + b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SwapBlocks(ref Vector512<ulong> x, ref Vector512<ulong> y, int stage)
    {
        // AVX-512 only: on AVX2 the transposed small levels are DitFirstThreeLevelsAvx2 / DifLastThreeLevelsAvx2.
        var low = Avx512F.PermuteVar8x64x2(x, TransposeLow[stage], y);
        var high = Avx512F.PermuteVar8x64x2(x, TransposeHigh[stage], y);
        x = low;
        y = high;
    }

    /// <summary>Transposes the 8×8 matrix whose row r is vector r: off-diagonal block swaps at block sizes 1, 2 and 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(ref Vector512<ulong> v0, ref Vector512<ulong> v1, ref Vector512<ulong> v2, ref Vector512<ulong> v3,
        ref Vector512<ulong> v4, ref Vector512<ulong> v5, ref Vector512<ulong> v6, ref Vector512<ulong> v7)
    {
        SwapBlocks(ref v0, ref v1, 0);
        SwapBlocks(ref v2, ref v3, 0);
        SwapBlocks(ref v4, ref v5, 0);
        SwapBlocks(ref v6, ref v7, 0);
        SwapBlocks(ref v0, ref v2, 1);
        SwapBlocks(ref v1, ref v3, 1);
        SwapBlocks(ref v4, ref v6, 1);
        SwapBlocks(ref v5, ref v7, 1);
        SwapBlocks(ref v0, ref v4, 2);
        SwapBlocks(ref v1, ref v5, 2);
        SwapBlocks(ref v2, ref v6, 2);
        SwapBlocks(ref v3, ref v7, 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DitUnit(ref Vector512<ulong> u, ref Vector512<ulong> v)
    {
        var s = GoldilocksVector.Add(u, v);
        v = GoldilocksVector.Sub(u, v);
        u = s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DitTwiddle(ref Vector512<ulong> u, ref Vector512<ulong> v, Vector512<ulong> w)
    {
        var t = GoldilocksVector.Mul(v, w);
        v = GoldilocksVector.Sub(u, t);
        u = GoldilocksVector.Add(u, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DitRoot4(ref Vector512<ulong> u, ref Vector512<ulong> v, bool plus)
    {
        var t = MulRoot4(v, plus);
        v = GoldilocksVector.Sub(u, t);
        u = GoldilocksVector.Add(u, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DifUnit(ref Vector512<ulong> u, ref Vector512<ulong> v) => DitUnit(ref u, ref v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DifTwiddle(ref Vector512<ulong> u, ref Vector512<ulong> v, Vector512<ulong> w)
    {
        var s = GoldilocksVector.Add(u, v);
        v = GoldilocksVector.Mul(GoldilocksVector.Sub(u, v), w);
        u = s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DifRoot4(ref Vector512<ulong> u, ref Vector512<ulong> v, bool plus)
    {
        var s = GoldilocksVector.Add(u, v);
        v = MulRoot4(GoldilocksVector.Sub(u, v), plus);
        u = s;
    }

    /// <summary>Odd lanes: the level-2 butterflies whose twiddle is ω_4 rather than 1.</summary>
    private static readonly Vector512<ulong> OddLanes = Vector512.Create(0UL, ulong.MaxValue, 0, ulong.MaxValue, 0, ulong.MaxValue, 0, ulong.MaxValue);

    /// <summary>v·ω_4 for ω_4 = ±2^48: a shift and a reduction, negated when ω_4 = −2^48.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> MulRoot4(Vector512<ulong> v, bool plus)
    {
        var t = GoldilocksVector.MulPow48(v);
        return plus ? t : GoldilocksVector.Sub(Vector512<ulong>.Zero, t);
    }

    /// <summary>DIT level 2 (twiddles 1 and ω_4 alternating): <see cref="DitLane"/> with the product by ω_4 done by <see cref="MulRoot4"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> DitLaneRoot4(Vector512<ulong> x, bool plus)
    {
        var partner = Partner(x, 1);
        var second = SecondLane[1];
        var u = Vector512.ConditionalSelect(second, partner, x);
        var v = Vector512.ConditionalSelect(second, x, partner);
        v = Vector512.ConditionalSelect(OddLanes, MulRoot4(v, plus), v);
        return Vector512.ConditionalSelect(second, GoldilocksVector.Sub(u, v), GoldilocksVector.Add(u, v));
    }

    /// <summary>DIF level 2 (twiddles 1 and ω_4 alternating): <see cref="DifLane"/> with the product by ω_4 done by <see cref="MulRoot4"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> DifLaneRoot4(Vector512<ulong> x, bool plus)
    {
        var partner = Partner(x, 1);
        var second = SecondLane[1];
        var u = Vector512.ConditionalSelect(second, partner, x);
        var v = Vector512.ConditionalSelect(second, x, partner);
        var d = GoldilocksVector.Sub(u, v);
        d = Vector512.ConditionalSelect(OddLanes, MulRoot4(d, plus), d);
        return Vector512.ConditionalSelect(second, d, GoldilocksVector.Add(u, v));
    }

    /// <summary>DIT level 1, whose twiddles are all 1: a sum and a difference of neighbouring lanes, no product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> DitLaneUnitTwiddle(Vector512<ulong> x)
    {
        var partner = Partner(x, 0);
        var second = SecondLane[0];
        var u = Vector512.ConditionalSelect(second, partner, x);
        var v = Vector512.ConditionalSelect(second, x, partner);
        return Vector512.ConditionalSelect(second, GoldilocksVector.Sub(u, v), GoldilocksVector.Add(u, v));
    }

    /// <summary>DIF level 1 (twiddles all 1): the same sum and difference as DIT's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> DifLaneUnitTwiddle(Vector512<ulong> x) => DitLaneUnitTwiddle(x);

    /// <summary>DIF levels 4, 2, 1 inside each group of 8 with lane shuffles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DifLastThreeLevels(Span<ulong> span, ulong[] roots)
    {
        if (!Avx512F.IsSupported && span.Length >= 64)
        {
            DifLastThreeLevelsAvx2(span, roots);
            return;
        }
        bool plus = Root4IsPow48(roots);
        var w2 = SmallTwiddles(roots, 2);
        ref ulong a = ref MemoryMarshal.GetReference(span);
        int i = 0;
        if (span.Length >= 64)
        {
            // Transposed as in DitFirstThreeLevels: levels 4, 2, 1 as whole-vector DIF butterflies.
            var w8 = Vector512.Create(roots[5]);
            var w8Cube = Vector512.Create(roots[7]);
            for (; i + 64 <= span.Length; i += 64)
            {
                ref ulong p = ref Unsafe.Add(ref a, i);
                var v0 = Vector512.LoadUnsafe(ref p, 0);
                var v1 = Vector512.LoadUnsafe(ref p, 8);
                var v2 = Vector512.LoadUnsafe(ref p, 16);
                var v3 = Vector512.LoadUnsafe(ref p, 24);
                var v4 = Vector512.LoadUnsafe(ref p, 32);
                var v5 = Vector512.LoadUnsafe(ref p, 40);
                var v6 = Vector512.LoadUnsafe(ref p, 48);
                var v7 = Vector512.LoadUnsafe(ref p, 56);
                Transpose8(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
                // Level 4: (c, c+4) with ω_8^c.
                DifUnit(ref v0, ref v4);
                DifTwiddle(ref v1, ref v5, w8);
                DifRoot4(ref v2, ref v6, plus);
                DifTwiddle(ref v3, ref v7, w8Cube);
                // Level 2: (0,2) and (4,6) with 1, (1,3) and (5,7) with ω_4.
                DifUnit(ref v0, ref v2);
                DifUnit(ref v4, ref v6);
                DifRoot4(ref v1, ref v3, plus);
                DifRoot4(ref v5, ref v7, plus);
                // Level 1 (twiddle 1).
                DifUnit(ref v0, ref v1);
                DifUnit(ref v2, ref v3);
                DifUnit(ref v4, ref v5);
                DifUnit(ref v6, ref v7);
                Transpose8(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7);
                v0.StoreUnsafe(ref p, 0);
                v1.StoreUnsafe(ref p, 8);
                v2.StoreUnsafe(ref p, 16);
                v3.StoreUnsafe(ref p, 24);
                v4.StoreUnsafe(ref p, 32);
                v5.StoreUnsafe(ref p, 40);
                v6.StoreUnsafe(ref p, 48);
                v7.StoreUnsafe(ref p, 56);
            }
        }
        for (; i < span.Length; i += 8)
        {
            var x = Vector512.LoadUnsafe(ref a, (nuint)i);
            x = DifLane(x, w2, 2);
            x = DifLaneRoot4(x, plus);
            x = DifLaneUnitTwiddle(x);
            x.StoreUnsafe(ref a, (nuint)i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> DifLane(Vector512<ulong> x, Vector512<ulong> w, int level)
    {
        // First lanes get u + v; second lanes get (u − v)·w, where u is the first and v the second of the pair.
        var partner = Partner(x, level);
        var second = SecondLane[level];
        var u = Vector512.ConditionalSelect(second, partner, x);
        var v = Vector512.ConditionalSelect(second, x, partner);
        return Vector512.ConditionalSelect(second, GoldilocksVector.Mul(GoldilocksVector.Sub(u, v), w), GoldilocksVector.Add(u, v));
    }

    /// <summary>
    /// Columns of a tile: the array is seen as rows of `block` elements, and the levels above the block pair whole rows.
    /// A tile (these columns of every row) stays in L1 through all those levels: at 2^20 the five outer levels took three
    /// passes through memory and, after the in-cache work was vectorised, as much time as the fifteen levels below.
    /// </summary>
    private static int OuterTile(int rows, int block) => Math.Clamp(4096 / rows, 8, block);

    /// <summary>
    /// DIT levels block, 2·block, …, n/2 (vector kernels; block a multiple of 8), in one pass of column tiles; pairs of
    /// levels as radix-4 butterflies, an odd top level as radix-2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DitOuterTiled(Span<ulong> span, ulong[] roots, ulong[] cubes, int block)
    {
        int n = span.Length, rows = n / block, tile = OuterTile(rows, block);
        bool plus = Root4IsPow48(roots);
        ref ulong a = ref MemoryMarshal.GetReference(span);
        ref ulong rt = ref MemoryMarshal.GetArrayDataReference(roots);
        ref ulong ct = ref MemoryMarshal.GetArrayDataReference(cubes);
        for (int r0 = 0; r0 < block; r0 += tile)
        {
            for (int half = 1; half < rows;)
            {
                int len = half * block;
                if (2 * half < rows)
                {
                    // Rows k, k + half, k + 2·half, k + 3·half: levels len and 2·len as one radix-4 butterfly.
                    for (int k = 0; k < rows; k++)
                    {
                        if ((k & (3 * half)) != 0) continue;
                        int j = (k & (half - 1)) * block + r0;
                        DitRadix4(ref Unsafe.Add(ref a, k * block + r0), len, plus,
                            ref Unsafe.Add(ref rt, len + j), ref Unsafe.Add(ref rt, 2 * len + j), ref Unsafe.Add(ref ct, 2 * len + j), tile);
                    }
                    half <<= 2;
                    continue;
                }
                for (int k = 0; k < rows; k++)
                {
                    if ((k & half) != 0) continue;
                    ref ulong lo = ref Unsafe.Add(ref a, k * block + r0);
                    ref ulong hi = ref Unsafe.Add(ref lo, len);
                    // Element k·block + r pairs with the one a level away; its twiddle is ω_(2len)^(i mod len).
                    ref ulong w = ref Unsafe.Add(ref rt, len + (k & (half - 1)) * block + r0);
                    for (int j = 0; j < tile; j += 8)
                    {
                        var u = Vector512.LoadUnsafe(ref lo, (nuint)j);
                        var v = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref hi, (nuint)j), Vector512.LoadUnsafe(ref w, (nuint)j));
                        GoldilocksVector.Add(u, v).StoreUnsafe(ref lo, (nuint)j);
                        GoldilocksVector.Sub(u, v).StoreUnsafe(ref hi, (nuint)j);
                    }
                }
                half <<= 1;
            }
        }
    }

    /// <summary>
    /// DIF levels n/2, …, 2·block, block (vector kernels; block a multiple of 8), in one pass of column tiles; pairs of
    /// levels as radix-4 butterflies, an odd bottom level as radix-2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DifOuterTiled(Span<ulong> span, ulong[] roots, ulong[] cubes, int block)
    {
        int n = span.Length, rows = n / block, tile = OuterTile(rows, block);
        bool plus = Root4IsPow48(roots);
        ref ulong a = ref MemoryMarshal.GetReference(span);
        ref ulong rt = ref MemoryMarshal.GetArrayDataReference(roots);
        ref ulong ct = ref MemoryMarshal.GetArrayDataReference(cubes);
        for (int r0 = 0; r0 < block; r0 += tile)
        {
            for (int top = rows >> 1; top >= 1;)
            {
                if (top >= 2)
                {
                    // Levels top·block and top·block/2 as one radix-4 butterfly over rows k, k + h, k + 2h, k + 3h.
                    int h = top >> 1, len = top * block;
                    for (int k = 0; k < rows; k++)
                    {
                        if ((k & (3 * h)) != 0) continue;
                        int j = (k & (h - 1)) * block + r0;
                        DifRadix4(ref Unsafe.Add(ref a, k * block + r0), len, plus,
                            ref Unsafe.Add(ref rt, len + j), ref Unsafe.Add(ref rt, (len >> 1) + j), ref Unsafe.Add(ref ct, len + j), tile);
                    }
                    top >>= 2;
                    continue;
                }
                {
                    int half = top, len = half * block;
                    for (int k = 0; k < rows; k++)
                    {
                        if ((k & half) != 0) continue;
                        ref ulong lo = ref Unsafe.Add(ref a, k * block + r0);
                        ref ulong hi = ref Unsafe.Add(ref lo, len);
                        ref ulong w = ref Unsafe.Add(ref rt, len + (k & (half - 1)) * block + r0);
                        for (int j = 0; j < tile; j += 8)
                        {
                            var u = Vector512.LoadUnsafe(ref lo, (nuint)j);
                            var v = Vector512.LoadUnsafe(ref hi, (nuint)j);
                            GoldilocksVector.Add(u, v).StoreUnsafe(ref lo, (nuint)j);
                            GoldilocksVector.Mul(GoldilocksVector.Sub(u, v), Vector512.LoadUnsafe(ref w, (nuint)j)).StoreUnsafe(ref hi, (nuint)j);
                        }
                    }
                    top >>= 1;
                }
            }
        }
    }

    /// <summary>DIT levels len and 2·len in one radix-4 pass over groups of four (needs len ≥ 8 and the vector kernels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DitTwoLevels(Span<ulong> span, ulong[] roots, ulong[] cubes, int len)
    {
        int n = span.Length;
        bool plus = Root4IsPow48(roots);
        ref ulong a = ref MemoryMarshal.GetReference(span);
        ref ulong w1 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(roots), len);
        ref ulong w2 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(roots), 2 * len);
        ref ulong w3 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(cubes), 2 * len);
        for (int start = 0; start < n; start += len << 2) DitRadix4(ref Unsafe.Add(ref a, start), len, plus, ref w1, ref w2, ref w3, len);
    }

    /// <summary>
    /// One radix-4 DIT butterfly column run: p_i = p0 + i·len, twiddles w1 = ω_(2len)^j, w2 = ω_(4len)^j,
    /// w3 = ω_(4len)^(3j) for the `count` consecutive j. With b1 = x1·w1, b2 = x2·w2, b3 = x3·w3 the outputs are
    /// (x0 ± b1) ± (b2 + b3) and (x0 ∓ b1) ± ω_4·(b2 − b3): the radix-2 pair's y3 = (x2 − x3·w1)·w2·ω_4 rewritten, so
    /// three products and a product by ω_4 = ±2^48 (a shift and a reduction) instead of four products.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DitRadix4(ref ulong p0, int len, bool plus, ref ulong w1, ref ulong w2, ref ulong w3, int count)
    {
        if (!Avx512F.IsSupported)
        {
            DitRadix4Avx2(ref p0, len, plus, ref w1, ref w2, ref w3, count);
            return;
        }
        ref ulong p1 = ref Unsafe.Add(ref p0, len);
        ref ulong p2 = ref Unsafe.Add(ref p0, 2 * len);
        ref ulong p3 = ref Unsafe.Add(ref p0, 3 * len);
        // ω_4·(b2 − b3) = 2^48·(b2 − b3) when ω_4 = 2^48, else 2^48·(b3 − b2): swap which product is subtracted.
        ref ulong pa = ref plus ? ref p2 : ref p3;
        ref ulong pb = ref plus ? ref p3 : ref p2;
        ref ulong wa = ref plus ? ref w2 : ref w3;
        ref ulong wb = ref plus ? ref w3 : ref w2;
        for (int j = 0; j < count; j += 8)
        {
            var x0 = Vector512.LoadUnsafe(ref p0, (nuint)j);
            var b1 = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref p1, (nuint)j), Vector512.LoadUnsafe(ref w1, (nuint)j));
            var ba = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref pa, (nuint)j), Vector512.LoadUnsafe(ref wa, (nuint)j));
            var bb = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref pb, (nuint)j), Vector512.LoadUnsafe(ref wb, (nuint)j));
            var y0 = GoldilocksVector.Add(x0, b1);
            var y1 = GoldilocksVector.Sub(x0, b1);
            var s = GoldilocksVector.Add(ba, bb);
            var d = GoldilocksVector.MulPow48(GoldilocksVector.Sub(ba, bb));
            GoldilocksVector.Add(y0, s).StoreUnsafe(ref p0, (nuint)j);
            GoldilocksVector.Sub(y0, s).StoreUnsafe(ref p2, (nuint)j);
            GoldilocksVector.Add(y1, d).StoreUnsafe(ref p1, (nuint)j);
            GoldilocksVector.Sub(y1, d).StoreUnsafe(ref p3, (nuint)j);
        }
    }

    /// <summary>DIF levels len and len/2 in one radix-4 pass over groups of four (needs len/2 ≥ 8 and the vector kernels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DifTwoLevels(Span<ulong> span, ulong[] roots, ulong[] cubes, int len)
    {
        int n = span.Length, half = len >> 1;
        bool plus = Root4IsPow48(roots);
        ref ulong a = ref MemoryMarshal.GetReference(span);
        ref ulong w = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(roots), len);
        ref ulong w2 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(roots), half);
        ref ulong w3 = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(cubes), len);
        for (int start = 0; start < n; start += len << 1) DifRadix4(ref Unsafe.Add(ref a, start), len, plus, ref w, ref w2, ref w3, half);
    }

    /// <summary>
    /// One radix-4 DIF butterfly column run: p0, p1 = p0 + len/2, p2 = p0 + len, p3 = p0 + 3·len/2; with W = ω_(2len)^j
    /// (w), W² (w2) and W³ (w3): p0 = s02 + s13, p1 = (s02 − s13)·W², p2 = (d02 + ω_4·d13)·W, p3 = (d02 − ω_4·d13)·W³,
    /// where s/d are the sums and differences of (x0, x2) and (x1, x3): three products and one by ω_4 = ±2^48.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DifRadix4(ref ulong p0, int len, bool plus, ref ulong w, ref ulong w2, ref ulong w3, int count)
    {
        if (!Avx512F.IsSupported)
        {
            DifRadix4Avx2(ref p0, len, plus, ref w, ref w2, ref w3, count);
            return;
        }
        int half = len >> 1;
        ref ulong p1 = ref Unsafe.Add(ref p0, half);
        ref ulong p2 = ref Unsafe.Add(ref p0, len);
        ref ulong p3 = ref Unsafe.Add(ref p0, len + half);
        // ω_4·(x1 − x3) = 2^48·(x1 − x3) when ω_4 = 2^48, else 2^48·(x3 − x1).
        ref ulong pa = ref plus ? ref p1 : ref p3;
        ref ulong pb = ref plus ? ref p3 : ref p1;
        for (int j = 0; j < count; j += 8)
        {
            var x0 = Vector512.LoadUnsafe(ref p0, (nuint)j);
            var x2 = Vector512.LoadUnsafe(ref p2, (nuint)j);
            var xa = Vector512.LoadUnsafe(ref pa, (nuint)j);
            var xb = Vector512.LoadUnsafe(ref pb, (nuint)j);
            var s02 = GoldilocksVector.Add(x0, x2);
            var d02 = GoldilocksVector.Sub(x0, x2);
            var s13 = GoldilocksVector.Add(xa, xb);
            var d13 = GoldilocksVector.MulPow48(GoldilocksVector.Sub(xa, xb));
            GoldilocksVector.Add(s02, s13).StoreUnsafe(ref p0, (nuint)j);
            GoldilocksVector.Mul(GoldilocksVector.Sub(s02, s13), Vector512.LoadUnsafe(ref w2, (nuint)j)).StoreUnsafe(ref p1, (nuint)j);
            GoldilocksVector.Mul(GoldilocksVector.Add(d02, d13), Vector512.LoadUnsafe(ref w, (nuint)j)).StoreUnsafe(ref p2, (nuint)j);
            GoldilocksVector.Mul(GoldilocksVector.Sub(d02, d13), Vector512.LoadUnsafe(ref w3, (nuint)j)).StoreUnsafe(ref p3, (nuint)j);
        }
    }

    /// <summary>
    /// <see cref="DitFirstThreeLevels"/> on AVX2, sixteen elements at a time: transposed 4×4 (lane r of vector c holds
    /// element 4r + c), levels 1 and 2 are whole-vector butterflies; transposed back, level 4 pairs vectors 2m and 2m + 1
    /// with the twiddles (1, ω_8, ω_4, ω_8^3) in their lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DitFirstThreeLevelsAvx2(Span<ulong> span, ulong[] roots, ReadOnlySpan<ulong> source, ReadOnlySpan<ulong> scale)
    {
        System.Diagnostics.Debug.Assert(span.Length % 16 == 0, "whole groups of sixteen (callers pass power-of-two blocks of 64 or more)");
        bool fused = source.Length == span.Length;
        bool plus = Root4IsPow48(roots);
        var w8 = Vector256.Create(roots[4], roots[5], roots[6], roots[7]);
        ref ulong a = ref MemoryMarshal.GetReference(span);
        ref ulong src = ref MemoryMarshal.GetReference(source);
        ref ulong sc = ref MemoryMarshal.GetReference(scale);
        for (int i = 0; i < span.Length; i += 16)
        {
            ref ulong p = ref Unsafe.Add(ref a, i);
            Vector256<ulong> v0, v1, v2, v3;
            if (fused)
            {
                ref ulong s = ref Unsafe.Add(ref src, i);
                ref ulong c = ref Unsafe.Add(ref sc, i);
                v0 = GoldilocksVector4.Mul(Vector256.LoadUnsafe(ref s, 0), Vector256.LoadUnsafe(ref c, 0));
                v1 = GoldilocksVector4.Mul(Vector256.LoadUnsafe(ref s, 4), Vector256.LoadUnsafe(ref c, 4));
                v2 = GoldilocksVector4.Mul(Vector256.LoadUnsafe(ref s, 8), Vector256.LoadUnsafe(ref c, 8));
                v3 = GoldilocksVector4.Mul(Vector256.LoadUnsafe(ref s, 12), Vector256.LoadUnsafe(ref c, 12));
            }
            else
            {
                v0 = Vector256.LoadUnsafe(ref p, 0);
                v1 = Vector256.LoadUnsafe(ref p, 4);
                v2 = Vector256.LoadUnsafe(ref p, 8);
                v3 = Vector256.LoadUnsafe(ref p, 12);
            }
            Transpose4(ref v0, ref v1, ref v2, ref v3);
            // Level 1 (twiddle 1): (0,1), (2,3). Level 2: (0,2) with 1, (1,3) with ω_4.
            SumDifference(ref v0, ref v1);
            SumDifference(ref v2, ref v3);
            SumDifference(ref v0, ref v2);
            // v3·ω_4 = ±2^48·v3: with ω_4 = −2^48 the sum and the difference trade places instead of a negation.
            var t = GoldilocksVector4.MulPow48(v3);
            var sum = GoldilocksVector4.Add(v1, t);
            var difference = GoldilocksVector4.Sub(v1, t);
            v1 = plus ? sum : difference;
            v3 = plus ? difference : sum;
            Transpose4(ref v0, ref v1, ref v2, ref v3);
            // Level 4: (i, i + 4) with ω_8^(i mod 4).
            var t1 = GoldilocksVector4.Mul(v1, w8);
            var t3 = GoldilocksVector4.Mul(v3, w8);
            GoldilocksVector4.Add(v0, t1).StoreUnsafe(ref p, 0);
            GoldilocksVector4.Sub(v0, t1).StoreUnsafe(ref p, 4);
            GoldilocksVector4.Add(v2, t3).StoreUnsafe(ref p, 8);
            GoldilocksVector4.Sub(v2, t3).StoreUnsafe(ref p, 12);
        }
    }

    /// <summary><see cref="DifLastThreeLevels"/> on AVX2: <see cref="DitFirstThreeLevelsAvx2"/>'s steps in reverse.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DifLastThreeLevelsAvx2(Span<ulong> span, ulong[] roots)
    {
        System.Diagnostics.Debug.Assert(span.Length % 16 == 0, "whole groups of sixteen (callers pass power-of-two blocks of 64 or more)");
        bool plus = Root4IsPow48(roots);
        var w8 = Vector256.Create(roots[4], roots[5], roots[6], roots[7]);
        ref ulong a = ref MemoryMarshal.GetReference(span);
        for (int i = 0; i < span.Length; i += 16)
        {
            ref ulong p = ref Unsafe.Add(ref a, i);
            var x0 = Vector256.LoadUnsafe(ref p, 0);
            var x1 = Vector256.LoadUnsafe(ref p, 4);
            var x2 = Vector256.LoadUnsafe(ref p, 8);
            var x3 = Vector256.LoadUnsafe(ref p, 12);
            // Level 4: (i, i + 4), the difference times ω_8^(i mod 4).
            var v0 = GoldilocksVector4.Add(x0, x1);
            var v1 = GoldilocksVector4.Mul(GoldilocksVector4.Sub(x0, x1), w8);
            var v2 = GoldilocksVector4.Add(x2, x3);
            var v3 = GoldilocksVector4.Mul(GoldilocksVector4.Sub(x2, x3), w8);
            Transpose4(ref v0, ref v1, ref v2, ref v3);
            // Level 2: (0,2) with 1, (1,3) with ω_4. Level 1 (twiddle 1): (0,1), (2,3).
            SumDifference(ref v0, ref v2);
            // (v1 − v3)·ω_4 = 2^48·(v1 − v3) when ω_4 = 2^48, else 2^48·(v3 − v1): no negation.
            var d = GoldilocksVector4.MulPow48(plus ? GoldilocksVector4.Sub(v1, v3) : GoldilocksVector4.Sub(v3, v1));
            v1 = GoldilocksVector4.Add(v1, v3);
            v3 = d;
            SumDifference(ref v0, ref v1);
            SumDifference(ref v2, ref v3);
            Transpose4(ref v0, ref v1, ref v2, ref v3);
            v0.StoreUnsafe(ref p, 0);
            v1.StoreUnsafe(ref p, 4);
            v2.StoreUnsafe(ref p, 8);
            v3.StoreUnsafe(ref p, 12);
        }
    }

    /// <summary>u, v ← u + v, u − v on four lanes (<see cref="DitUnit"/>'s butterfly for Vector256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumDifference(ref Vector256<ulong> u, ref Vector256<ulong> v)
    {
        var s = GoldilocksVector4.Add(u, v);
        v = GoldilocksVector4.Sub(u, v);
        u = s;
    }

    /// <summary>Transposes the 4×4 matrix whose row r is vector r (vpunpck[lh]qdq, then vperm2i128).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(ref Vector256<ulong> v0, ref Vector256<ulong> v1, ref Vector256<ulong> v2, ref Vector256<ulong> v3)
    {
        var t0 = Avx2.UnpackLow(v0, v1);
        var t1 = Avx2.UnpackHigh(v0, v1);
        var t2 = Avx2.UnpackLow(v2, v3);
        var t3 = Avx2.UnpackHigh(v2, v3);
        v0 = Avx2.Permute2x128(t0, t2, 0x20);
        v1 = Avx2.Permute2x128(t1, t3, 0x20);
        v2 = Avx2.Permute2x128(t0, t2, 0x31);
        v3 = Avx2.Permute2x128(t1, t3, 0x31);
    }

    // The radix-4 passes on AVX2 with four-lane vectors. The eight-lane code runs there too (a Vector512 is then two
    // halves), but its butterfly holds fourteen halves of inputs and twiddles and the JIT spilled them; written for four
    // lanes, the whole butterfly stays in the sixteen registers. Each is a copy of its eight-lane body with the vector
    // width changed: change the two together.

    /// <summary><see cref="DitRadix4"/> on AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DitRadix4Avx2(ref ulong p0, int len, bool plus, ref ulong w1, ref ulong w2, ref ulong w3, int count)
    {
        ref ulong p1 = ref Unsafe.Add(ref p0, len);
        ref ulong p2 = ref Unsafe.Add(ref p0, 2 * len);
        ref ulong p3 = ref Unsafe.Add(ref p0, 3 * len);
        ref ulong pa = ref plus ? ref p2 : ref p3;
        ref ulong pb = ref plus ? ref p3 : ref p2;
        ref ulong wa = ref plus ? ref w2 : ref w3;
        ref ulong wb = ref plus ? ref w3 : ref w2;
        for (int j = 0; j < count; j += 4)
        {
            var x0 = Vector256.LoadUnsafe(ref p0, (nuint)j);
            var b1 = GoldilocksVector4.Mul(Vector256.LoadUnsafe(ref p1, (nuint)j), Vector256.LoadUnsafe(ref w1, (nuint)j));
            var ba = GoldilocksVector4.Mul(Vector256.LoadUnsafe(ref pa, (nuint)j), Vector256.LoadUnsafe(ref wa, (nuint)j));
            var bb = GoldilocksVector4.Mul(Vector256.LoadUnsafe(ref pb, (nuint)j), Vector256.LoadUnsafe(ref wb, (nuint)j));
            var y0 = GoldilocksVector4.Add(x0, b1);
            var y1 = GoldilocksVector4.Sub(x0, b1);
            var s = GoldilocksVector4.Add(ba, bb);
            var d = GoldilocksVector4.MulPow48(GoldilocksVector4.Sub(ba, bb));
            GoldilocksVector4.Add(y0, s).StoreUnsafe(ref p0, (nuint)j);
            GoldilocksVector4.Sub(y0, s).StoreUnsafe(ref p2, (nuint)j);
            GoldilocksVector4.Add(y1, d).StoreUnsafe(ref p1, (nuint)j);
            GoldilocksVector4.Sub(y1, d).StoreUnsafe(ref p3, (nuint)j);
        }
    }

    /// <summary><see cref="DifRadix4"/> on AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DifRadix4Avx2(ref ulong p0, int len, bool plus, ref ulong w, ref ulong w2, ref ulong w3, int count)
    {
        int half = len >> 1;
        ref ulong p1 = ref Unsafe.Add(ref p0, half);
        ref ulong p2 = ref Unsafe.Add(ref p0, len);
        ref ulong p3 = ref Unsafe.Add(ref p0, len + half);
        ref ulong pa = ref plus ? ref p1 : ref p3;
        ref ulong pb = ref plus ? ref p3 : ref p1;
        for (int j = 0; j < count; j += 4)
        {
            var x0 = Vector256.LoadUnsafe(ref p0, (nuint)j);
            var x2 = Vector256.LoadUnsafe(ref p2, (nuint)j);
            var xa = Vector256.LoadUnsafe(ref pa, (nuint)j);
            var xb = Vector256.LoadUnsafe(ref pb, (nuint)j);
            var s02 = GoldilocksVector4.Add(x0, x2);
            var d02 = GoldilocksVector4.Sub(x0, x2);
            var s13 = GoldilocksVector4.Add(xa, xb);
            var d13 = GoldilocksVector4.MulPow48(GoldilocksVector4.Sub(xa, xb));
            GoldilocksVector4.Add(s02, s13).StoreUnsafe(ref p0, (nuint)j);
            GoldilocksVector4.Mul(GoldilocksVector4.Sub(s02, s13), Vector256.LoadUnsafe(ref w2, (nuint)j)).StoreUnsafe(ref p1, (nuint)j);
            GoldilocksVector4.Mul(GoldilocksVector4.Add(d02, d13), Vector256.LoadUnsafe(ref w, (nuint)j)).StoreUnsafe(ref p2, (nuint)j);
            GoldilocksVector4.Mul(GoldilocksVector4.Sub(d02, d13), Vector256.LoadUnsafe(ref w3, (nuint)j)).StoreUnsafe(ref p3, (nuint)j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DifLevel(Span<ulong> span, ulong[] roots, int len)
    {
        int n = span.Length;
        ref ulong a = ref MemoryMarshal.GetReference(span);
        ref ulong r = ref MemoryMarshal.GetArrayDataReference(roots);
        for (int start = 0; start < n; start += len << 1)
        {
            ref ulong lo = ref Unsafe.Add(ref a, start);
            ref ulong hi = ref Unsafe.Add(ref a, start + len);
            ref ulong w = ref Unsafe.Add(ref r, len);
            if (len >= 8 && GoldilocksVector.IsSupported)
            {
                for (int j = 0; j < len; j += 8)
                {
                    var u = Vector512.LoadUnsafe(ref lo, (nuint)j);
                    var v = Vector512.LoadUnsafe(ref hi, (nuint)j);
                    GoldilocksVector.Add(u, v).StoreUnsafe(ref lo, (nuint)j);
                    GoldilocksVector.Mul(GoldilocksVector.Sub(u, v), Vector512.LoadUnsafe(ref w, (nuint)j)).StoreUnsafe(ref hi, (nuint)j);
                }
                continue;
            }
            for (int j = 0; j < len; j++)
            {
                ulong u = Unsafe.Add(ref lo, j), v = Unsafe.Add(ref hi, j);
                Unsafe.Add(ref lo, j) = Goldilocks.Add(u, v);
                Unsafe.Add(ref hi, j) = Goldilocks.Mul(Goldilocks.Sub(u, v), Unsafe.Add(ref w, j));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DitLevel(Span<ulong> span, ulong[] roots, int len)
    {
        int n = span.Length;
        ref ulong a = ref MemoryMarshal.GetReference(span);
        ref ulong r = ref MemoryMarshal.GetArrayDataReference(roots);
        for (int start = 0; start < n; start += len << 1)
        {
            ref ulong lo = ref Unsafe.Add(ref a, start);
            ref ulong hi = ref Unsafe.Add(ref a, start + len);
            ref ulong w = ref Unsafe.Add(ref r, len);
            if (len >= 8 && GoldilocksVector.IsSupported)
            {
                for (int j = 0; j < len; j += 8)
                {
                    var u = Vector512.LoadUnsafe(ref lo, (nuint)j);
                    var v = GoldilocksVector.Mul(Vector512.LoadUnsafe(ref hi, (nuint)j), Vector512.LoadUnsafe(ref w, (nuint)j));
                    GoldilocksVector.Add(u, v).StoreUnsafe(ref lo, (nuint)j);
                    GoldilocksVector.Sub(u, v).StoreUnsafe(ref hi, (nuint)j);
                }
                continue;
            }
            for (int j = 0; j < len; j++)
            {
                ulong u = Unsafe.Add(ref lo, j);
                ulong v = Goldilocks.Mul(Unsafe.Add(ref hi, j), Unsafe.Add(ref w, j));
                Unsafe.Add(ref lo, j) = Goldilocks.Add(u, v);
                Unsafe.Add(ref hi, j) = Goldilocks.Sub(u, v);
            }
        }
    }

    /// <summary>Bits of the low and high index fields of a <see cref="BitReverse(Span{ulong})"/> tile (32 × 32 elements).</summary>
    private const int TileBits = 5;

    /// <summary>
    /// Permutes in place into bit-reversed index order. From 2^10 elements up, index = hi·2^(k−5) + mid·2^5 + lo goes to
    /// rev(lo)·2^(k−5) + rev(mid)·2^5 + rev(hi): the 32 × 32 tiles of mid and rev(mid) are read in 256-byte runs and
    /// written back transposed, instead of a swap per element that misses the cache on both sides.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BitReverse(Span<ulong> a)
    {
        int n = a.Length;
        CheckPow2(n);
        int logN = Log2(n);
        if (logN >= 2 * TileBits)
        {
            BitReverseTiled(a, logN);
            return;
        }
        for (int i = 0; i < n; i++)
        {
            int j = BitReverse(i, logN);
            if (j > i) (a[i], a[j]) = (a[j], a[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BitReverseTiled(Span<ulong> a, int logN)
    {
        const int B = 1 << TileBits;
        int midBits = logN - 2 * TileBits, stride = 1 << (logN - TileBits);
        Span<ulong> tile = stackalloc ulong[B * B];
        Span<ulong> other = stackalloc ulong[B * B];
        Span<int> rev = stackalloc int[B];
        for (int i = 0; i < B; i++) rev[i] = BitReverse(i, TileBits);
        for (int mid = 0; mid < 1 << midBits; mid++)
        {
            int rmid = BitReverse(mid, midBits);
            if (rmid < mid) continue;
            // tile[hi·B + lo] = a[hi·stride + mid·B + lo]; it goes to a[rev(lo)·stride + rmid·B + rev(hi)], and the rmid
            // tile to the mid positions the same way (the same tile when mid = rmid).
            for (int hi = 0; hi < B; hi++)
            {
                a.Slice(hi * stride + mid * B, B).CopyTo(tile.Slice(hi * B, B));
                if (rmid != mid) a.Slice(hi * stride + rmid * B, B).CopyTo(other.Slice(hi * B, B));
            }
            for (int lo = 0; lo < B; lo++)
            {
                var dst = a.Slice(rev[lo] * stride + rmid * B, B);
                for (int hi = 0; hi < B; hi++) dst[rev[hi]] = tile[hi * B + lo];
                if (rmid == mid) continue;
                var dst2 = a.Slice(rev[lo] * stride + mid * B, B);
                for (int hi = 0; hi < B; hi++) dst2[rev[hi]] = other[hi * B + lo];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BitReverse(int i, int bits) => bits == 0 ? 0 : (int)(ReverseBits32((uint)i) >> (32 - bits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReverseBits32(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v);
    }

    public static int Log2(int n) => System.Numerics.BitOperations.Log2((uint)n);

    private static void CheckPow2(int n)
    {
        if (n <= 0 || (n & (n - 1)) != 0) throw new ArgumentException($"NTT length must be a power of two, got {n}");
    }
}
