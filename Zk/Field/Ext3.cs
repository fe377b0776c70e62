using System.Runtime.CompilerServices;

namespace Wsc.Zk.Field;

/// <summary>An element a0 + a1·u + a2·u² of the cubic extension F_p[u]/(u³ − 2) (2 is not a cube mod p), ~192 bits.</summary>
public readonly struct Ext3(ulong a0, ulong a1, ulong a2) : IFieldElement<Ext3>
{
    public readonly ulong A0 = a0;
    public readonly ulong A1 = a1;
    public readonly ulong A2 = a2;

    /// <summary>The non-residue W with u³ = W.</summary>
    public const ulong W = 2;

    public static Ext3 Zero => default;
    public static Ext3 One => new(1, 0, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Ext3 FromBase(ulong value) => new(Goldilocks.FromU64(value), 0, 0);

    public bool IsZero => (A0 | A1 | A2) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Ext3 operator +(Ext3 a, Ext3 b) =>
        new(Goldilocks.Add(a.A0, b.A0), Goldilocks.Add(a.A1, b.A1), Goldilocks.Add(a.A2, b.A2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Ext3 operator -(Ext3 a, Ext3 b) =>
        new(Goldilocks.Sub(a.A0, b.A0), Goldilocks.Sub(a.A1, b.A1), Goldilocks.Sub(a.A2, b.A2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Ext3 operator -(Ext3 a) => new(Goldilocks.Neg(a.A0), Goldilocks.Neg(a.A1), Goldilocks.Neg(a.A2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Ext3 operator *(Ext3 a, Ext3 b)
    {
        // Products are reduced one by one: sums of three unreduced 128-bit products could overflow.
        ulong a0b0 = Goldilocks.Mul(a.A0, b.A0), a1b1 = Goldilocks.Mul(a.A1, b.A1), a2b2 = Goldilocks.Mul(a.A2, b.A2);
        ulong cross12 = Goldilocks.Add(Goldilocks.Mul(a.A1, b.A2), Goldilocks.Mul(a.A2, b.A1));
        ulong cross01 = Goldilocks.Add(Goldilocks.Mul(a.A0, b.A1), Goldilocks.Mul(a.A1, b.A0));
        ulong cross02 = Goldilocks.Add(Goldilocks.Mul(a.A0, b.A2), Goldilocks.Mul(a.A2, b.A0));
        ulong c0 = Goldilocks.Add(a0b0, Goldilocks.Add(cross12, cross12));
        ulong c1 = Goldilocks.Add(cross01, Goldilocks.Add(a2b2, a2b2));
        ulong c2 = Goldilocks.Add(cross02, a1b1);
        return new Ext3(c0, c1, c2);
    }

    /// <summary>Multiplies by a base field element (3 base multiplications).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Ext3 MulBase(ulong b) => new(Goldilocks.Mul(A0, b), Goldilocks.Mul(A1, b), Goldilocks.Mul(A2, b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Ext3 operator *(Ext3 a, Felt b) => a.MulBase(b.Value);

    public Ext3 Square() => this * this;

    /// <summary>Inverse via the adjugate of the multiplication matrix; throws for zero.</summary>
    public Ext3 Inverse()
    {
        if (IsZero) throw new DivideByZeroException("Ext3: zero has no inverse");
        ulong b0 = Goldilocks.Sub(Goldilocks.Mul(A0, A0), Goldilocks.Mul(W, Goldilocks.Mul(A1, A2)));
        ulong b1 = Goldilocks.Sub(Goldilocks.Mul(W, Goldilocks.Mul(A2, A2)), Goldilocks.Mul(A0, A1));
        ulong b2 = Goldilocks.Sub(Goldilocks.Mul(A1, A1), Goldilocks.Mul(A0, A2));
        ulong norm = Goldilocks.Add(Goldilocks.Mul(A0, b0),
            Goldilocks.Mul(W, Goldilocks.Add(Goldilocks.Mul(A2, b1), Goldilocks.Mul(A1, b2))));
        ulong inv = Goldilocks.Inverse(norm);
        return new Ext3(Goldilocks.Mul(b0, inv), Goldilocks.Mul(b1, inv), Goldilocks.Mul(b2, inv));
    }

    public Ext3 Pow(ulong e)
    {
        Ext3 r = One, a = this;
        while (e != 0)
        {
            if ((e & 1) != 0) r *= a;
            a *= a;
            e >>= 1;
        }
        return r;
    }

    /// <summary>
    /// Inverts every element in place, blocks of 2^14 on all cores (one inversion per block): the prefix products of
    /// one batch are a serial chain, so a single batch keeps one core busy however long it is.
    /// </summary>
    public static void BatchInverseParallel(Ext3[] values)
    {
        const int Chunk = 1 << 14;
        Parallel.For(0, (values.Length + Chunk - 1) / Chunk, c =>
            BatchInverse(values.AsSpan(c * Chunk, Math.Min(Chunk, values.Length - c * Chunk))));
    }

    /// <summary>Inverts every element in place with one extension inversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BatchInverse(Span<Ext3> values)
    {
        int n = values.Length;
        if (n == 0) return;
        var scratch = new Ext3[n];
        Ext3 acc = One;
        for (int i = 0; i < n; i++)
        {
            scratch[i] = acc;
            acc *= values[i];
        }
        Ext3 inv = acc.Inverse();
        for (int i = n - 1; i >= 0; i--)
        {
            Ext3 v = values[i];
            values[i] = inv * scratch[i];
            inv *= v;
        }
    }

    public static bool operator ==(Ext3 a, Ext3 b) => a.Equals(b);
    public static bool operator !=(Ext3 a, Ext3 b) => !a.Equals(b);
    public bool Equals(Ext3 other) => A0 == other.A0 && A1 == other.A1 && A2 == other.A2;
    public override bool Equals(object? obj) => obj is Ext3 e && Equals(e);
    public override int GetHashCode() => HashCode.Combine(A0, A1, A2);
    public override string ToString() => $"({A0}, {A1}, {A2})";
}
