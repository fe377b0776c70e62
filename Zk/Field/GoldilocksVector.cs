using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wsc.Zk.Field;

/// <summary>
/// Goldilocks arithmetic on 8 lanes with AVX-512: the 64×64→128 product from four 32×32 multiplies (vpmuludq), then the
/// same 2^64 ≡ 2^32 − 1 reduction as the scalar code. Inputs and outputs are canonical.
/// </summary>
public static class GoldilocksVector
{
    /// <summary>True when the vector kernels run: AVX-512 present and WSC_ZK_SCALAR unset (for measuring the scalar path).</summary>
    public static readonly bool IsSupported = Avx512F.IsSupported && Environment.GetEnvironmentVariable("WSC_ZK_SCALAR") is null;

    private static Vector512<ulong> PV => Vector512.Create(Goldilocks.P);
    private static Vector512<ulong> EpsV => Vector512.Create(Goldilocks.Epsilon);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Add(Vector512<ulong> a, Vector512<ulong> b)
    {
        var s = a + b;
        var carry = Vector512.LessThan(s, a);
        s += carry & EpsV;
        var ge = Vector512.GreaterThanOrEqual(s, PV);
        return s - (ge & PV);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Sub(Vector512<ulong> a, Vector512<ulong> b)
    {
        var d = a - b;
        var borrow = Vector512.LessThan(a, b);
        return d - (borrow & EpsV);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Mul(Vector512<ulong> a, Vector512<ulong> b)
    {
        var aHi = Vector512.ShiftRightLogical(a, 32);
        var bHi = Vector512.ShiftRightLogical(b, 32);
        var ll = Avx512F.Multiply(a.AsUInt32(), b.AsUInt32());
        var lh = Avx512F.Multiply(a.AsUInt32(), bHi.AsUInt32());
        var hl = Avx512F.Multiply(aHi.AsUInt32(), b.AsUInt32());
        var hh = Avx512F.Multiply(aHi.AsUInt32(), bHi.AsUInt32());
        var mid = lh + hl;
        var midCarry = Vector512.LessThan(mid, lh) & Vector512.Create(1UL << 32);
        var lo = ll + Vector512.ShiftLeft(mid, 32);
        var loCarry = Vector512.LessThan(lo, ll) & Vector512<ulong>.One;
        var hi = hh + Vector512.ShiftRightLogical(mid, 32) + midCarry + loCarry;
        return Reduce(hi, lo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Reduce(Vector512<ulong> hi, Vector512<ulong> lo)
    {
        var eps = EpsV;
        var hiHi = Vector512.ShiftRightLogical(hi, 32);
        var hiLo = hi & eps;
        var t0 = lo - hiHi;
        t0 -= Vector512.LessThan(lo, hiHi) & eps;
        var t1 = Avx512F.Multiply(hiLo.AsUInt32(), eps.AsUInt32());
        var t2 = t0 + t1;
        t2 += Vector512.LessThan(t2, t0) & eps;
        return t2 - (Vector512.GreaterThanOrEqual(t2, PV) & PV);
    }
}
