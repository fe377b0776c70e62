using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Wsc.Zk.Field;

/// <summary>
/// Goldilocks arithmetic on 4 lanes with AVX2: the halves of <see cref="GoldilocksVector"/>'s operations where AVX-512 is
/// absent. The product is the same four vpmuludq and carry-free sums; AVX2 has no unsigned 64-bit compare, so each
/// carry or borrow test flips the sign bits and compares signed (<see cref="LessThan"/>), and a mask ANDed with ε does
/// what a masked add does on AVX-512. Inputs and outputs are canonical. Only valid where Avx2.IsSupported.
/// </summary>
public static class GoldilocksVector4
{
    private static Vector256<ulong> SignBit => Vector256.Create(0x8000_0000_0000_0000UL);
    private static Vector256<ulong> EpsV => Vector256.Create(Goldilocks.Epsilon);

    /// <summary>All ones in the lanes where a &lt; b as unsigned 64-bit values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> LessThan(Vector256<ulong> a, Vector256<ulong> b) =>
        Avx2.CompareGreaterThan((b ^ SignBit).AsInt64(), (a ^ SignBit).AsInt64()).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Add(Vector256<ulong> a, Vector256<ulong> b)
    {
        // a + b = a − (p − b), as in GoldilocksVector.Add: p − b = ~b − (2^32 − 2) never wraps for canonical b, and when
        // a < p − b the difference wrapped by 2^64 ≡ ε, so adding p = 2^64 − ε is subtracting ε.
        var nb = ~b - Vector256.Create(0xFFFF_FFFEUL);
        var d = a - nb;
        return d - (LessThan(a, nb) & EpsV);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Sub(Vector256<ulong> a, Vector256<ulong> b)
    {
        // On borrow the wrapped value is a − b + 2^64; subtracting ε gives a − b + p.
        return a - b - (LessThan(a, b) & EpsV);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Mul(Vector256<ulong> a, Vector256<ulong> b)
    {
        var aHi = Avx2.ShiftRightLogical(a, 32);
        var bHi = Avx2.ShiftRightLogical(b, 32);
        var ll = Avx2.Multiply(a.AsUInt32(), b.AsUInt32());
        var lh = Avx2.Multiply(a.AsUInt32(), bHi.AsUInt32());
        var hl = Avx2.Multiply(aHi.AsUInt32(), b.AsUInt32());
        var hh = Avx2.Multiply(aHi.AsUInt32(), bHi.AsUInt32());
        // (2^32 − 1)^2 + 2 (2^32 − 1) < 2^64: neither partial sum can overflow.
        var eps = EpsV;
        var t0 = hl + Avx2.ShiftRightLogical(ll, 32);
        var t1 = lh + (t0 & eps);
        var hi = hh + Avx2.ShiftRightLogical(t0, 32) + Avx2.ShiftRightLogical(t1, 32);
        // The low word: ll's low half and t1's low half shifted up, interleaved as 32-bit lanes (vpblendd).
        var lo = Avx2.Blend(ll.AsUInt32(), Avx2.ShiftLeftLogical(t1, 32).AsUInt32(), 0b1010_1010).AsUInt64();
        return Reduce128(hi, lo);
    }

    /// <summary>a·2^48, a fourth root of unity: the 128-bit product is (a ≫ 16, a ≪ 48), so only the reduction remains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MulPow48(Vector256<ulong> a) => Reduce128(Avx2.ShiftRightLogical(a, 16), Avx2.ShiftLeftLogical(a, 48));

    /// <summary>hi·2^64 + lo mod p, canonical, for any 64-bit hi and lo (2^64 ≡ 2^32 − 1, 2^96 ≡ −1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Reduce128(Vector256<ulong> hi, Vector256<ulong> lo)
    {
        var eps = EpsV;
        var hiHi = Avx2.ShiftRightLogical(hi, 32);
        var t0 = lo - hiHi;
        t0 -= LessThan(lo, hiHi) & eps;
        // vpmuludq reads the low 32 bits of each lane: hi mod 2^32 times ε without masking hi first.
        var t1 = Avx2.Multiply(hi.AsUInt32(), eps.AsUInt32());
        var t2 = t0 + t1;
        t2 += LessThan(t2, t0) & eps;
        // t2 ≥ p exactly when t2 + ε carries out of 64 bits, and then t2 + ε (mod 2^64) is t2 − p.
        var u = t2 + eps;
        return Avx2.BlendVariable(t2.AsByte(), u.AsByte(), LessThan(u, t2).AsByte()).AsUInt64();
    }
}
