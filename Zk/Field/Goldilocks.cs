using System.Runtime.CompilerServices;

namespace Wsc.Zk.Field;

/// <summary>Arithmetic in the Goldilocks prime field p = 2^64 − 2^32 + 1 on canonical ulong values (always &lt; p).</summary>
public static class Goldilocks
{
    /// <summary>The modulus p = 2^64 − 2^32 + 1.</summary>
    public const ulong P = 0xFFFF_FFFF_0000_0001UL;

    /// <summary>2^64 mod p = 2^32 − 1; the reduction trick rests on it.</summary>
    public const ulong Epsilon = 0xFFFF_FFFFUL;

    /// <summary>A generator of the multiplicative group; used as the coset shift of every LDE domain.</summary>
    public const ulong Generator = 7;

    /// <summary>The largest k with 2^k dividing p − 1.</summary>
    public const int TwoAdicity = 32;

    /// <summary>A primitive 2^32-th root of unity: 7^((p−1)/2^32).</summary>
    public const ulong TwoAdicRoot = 1753635133440165772UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong a, ulong b)
    {
        // Written as selects so the JIT emits cmov: the branches would mispredict half the time on random values.
        ulong s = a + b;
        // On overflow the true sum is s + 2^64 ≡ s + ε, and s + ε cannot overflow again for canonical inputs.
        s += s < a ? Epsilon : 0;
        ulong t = s - P;
        return s >= P ? t : s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sub(ulong a, ulong b)
    {
        ulong d = a - b;
        // On borrow the wrapped value is a − b + 2^64; subtracting ε gives a − b + p.
        return a < b ? d - Epsilon : d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Neg(ulong a) => a == 0 ? 0 : P - a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mul(ulong a, ulong b)
    {
        ulong hi = Math.BigMul(a, b, out ulong lo);
        return Reduce128(hi, lo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Square(ulong a) => Mul(a, a);

    /// <summary>Reduces hi·2^64 + lo modulo p using 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Reduce128(ulong hi, ulong lo)
    {
        ulong hiHi = hi >> 32;
        ulong hiLo = hi & Epsilon;
        ulong t0 = lo - hiHi;
        t0 -= lo < hiHi ? Epsilon : 0;
        ulong t1 = hiLo * Epsilon;
        ulong t2 = t0 + t1;
        t2 += t2 < t0 ? Epsilon : 0;
        ulong t3 = t2 - P;
        return t2 >= P ? t3 : t2;
    }

    /// <summary>Reduces a 128-bit value given as (hi, lo) where hi may be any ulong; same as Reduce128, named for accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Reduce(UInt128 x) => Reduce128((ulong)(x >> 64), (ulong)x);

    /// <summary>Reduces any ulong to canonical form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FromU64(ulong x) => x >= P ? x - P : x;

    public static ulong Pow(ulong a, ulong e)
    {
        ulong r = 1;
        while (e != 0)
        {
            if ((e & 1) != 0) r = Mul(r, a);
            a = Mul(a, a);
            e >>= 1;
        }
        return r;
    }

    /// <summary>Multiplicative inverse; throws for zero, which has none.</summary>
    public static ulong Inverse(ulong a)
    {
        if (a == 0) throw new DivideByZeroException("Goldilocks: zero has no inverse");
        // Fermat: a^(p−2), with an addition chain over the fixed exponent's bit pattern.
        return Pow(a, P - 2);
    }

    /// <summary>Inverts every element in place with one field inversion (Montgomery's trick); zeros are an error.</summary>
    public static void BatchInverse(Span<ulong> values, Span<ulong> scratch)
    {
        int n = values.Length;
        if (n == 0) return;
        if (scratch.Length < n) throw new ArgumentException($"scratch needs {n} elements, got {scratch.Length}", nameof(scratch));
        ulong acc = 1;
        for (int i = 0; i < n; i++)
        {
            scratch[i] = acc;
            if (values[i] == 0) throw new DivideByZeroException($"Goldilocks: batch inverse of zero at index {i}");
            acc = Mul(acc, values[i]);
        }
        ulong inv = Inverse(acc);
        for (int i = n - 1; i >= 0; i--)
        {
            ulong v = values[i];
            values[i] = Mul(inv, scratch[i]);
            inv = Mul(inv, v);
        }
    }

    /// <summary>Inverts every element in place, blocks of 2^14 on all cores (see <see cref="Ext3.BatchInverseParallel"/>).</summary>
    public static void BatchInverseParallel(ulong[] values)
    {
        const int Chunk = 1 << 14;
        Parallel.For(0, (values.Length + Chunk - 1) / Chunk, () => new ulong[Chunk], (c, _, scratch) =>
        {
            int len = Math.Min(Chunk, values.Length - c * Chunk);
            BatchInverse(values.AsSpan(c * Chunk, len), scratch.AsSpan(0, len));
            return scratch;
        }, _ => { });
    }

    /// <summary>Inverts every element in place, allocating its own scratch.</summary>
    public static void BatchInverse(Span<ulong> values)
    {
        var scratch = new ulong[values.Length];
        BatchInverse(values, scratch);
    }

    /// <summary>A primitive 2^logN-th root of unity.</summary>
    public static ulong RootOfUnity(int logN)
    {
        if ((uint)logN > TwoAdicity) throw new ArgumentOutOfRangeException(nameof(logN), logN, "expected 0..32");
        ulong w = TwoAdicRoot;
        for (int i = logN; i < TwoAdicity; i++) w = Mul(w, w);
        return w;
    }
}
