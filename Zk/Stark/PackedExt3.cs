using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Wsc.Zk.Field;

namespace Wsc.Zk.Stark;

/// <summary>Eight extension elements in AVX-512 lanes (one <see cref="PackedFelt"/> per coefficient), for the prover's LogUp terms.</summary>
internal readonly struct PackedExt3(PackedFelt a0, PackedFelt a1, PackedFelt a2)
{
    public readonly PackedFelt A0 = a0;
    public readonly PackedFelt A1 = a1;
    public readonly PackedFelt A2 = a2;

    public static PackedExt3 Zero => default;

    public static PackedExt3 FromBase(PackedFelt a) => new(a, PackedFelt.Zero, PackedFelt.Zero);

    /// <summary>Eight lanes of extension column `column` in a column-major buffer of base columns (three per extension column) of `stride` points.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PackedExt3 Load(ulong[] flat, int stride, int column, int at) =>
        new(new PackedFelt(Vector512.LoadUnsafe(ref flat[3 * column * stride + at])), new PackedFelt(Vector512.LoadUnsafe(ref flat[(3 * column + 1) * stride + at])),
            new PackedFelt(Vector512.LoadUnsafe(ref flat[(3 * column + 2) * stride + at])));

    /// <summary>Writes the lanes where <see cref="Load"/> reads them.</summary>
    public void Store(ulong[] flat, int stride, int column, int at)
    {
        A0.Lanes.StoreUnsafe(ref flat[3 * column * stride + at]);
        A1.Lanes.StoreUnsafe(ref flat[(3 * column + 1) * stride + at]);
        A2.Lanes.StoreUnsafe(ref flat[(3 * column + 2) * stride + at]);
    }

    /// <summary>One lane as an extension element.</summary>
    public static Ext3 Lane(ulong[] flat, int stride, int column, int at) =>
        new(flat[3 * column * stride + at], flat[(3 * column + 1) * stride + at], flat[(3 * column + 2) * stride + at]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PackedExt3 operator +(PackedExt3 a, PackedExt3 b) => new(a.A0 + b.A0, a.A1 + b.A1, a.A2 + b.A2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PackedExt3 operator -(PackedExt3 a, PackedExt3 b) => new(a.A0 - b.A0, a.A1 - b.A1, a.A2 - b.A2);

    /// <summary>
    /// The product in F_p[u]/(u³ − 2), the same value as <see cref="Ext3"/>'s. The three cross sums come by Karatsuba,
    /// (a_i + a_j)(b_i + b_j) − a_i·b_i − a_j·b_j: six products instead of nine, for six more additions, where a product
    /// costs about five additions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PackedExt3 operator *(PackedExt3 a, PackedExt3 b)
    {
        var a0b0 = a.A0 * b.A0;
        var a1b1 = a.A1 * b.A1;
        var a2b2 = a.A2 * b.A2;
        var cross12 = (a.A1 + a.A2) * (b.A1 + b.A2) - a1b1 - a2b2;
        var cross01 = (a.A0 + a.A1) * (b.A0 + b.A1) - a0b0 - a1b1;
        var cross02 = (a.A0 + a.A2) * (b.A0 + b.A2) - a0b0 - a2b2;
        return new(a0b0 + cross12 + cross12, cross01 + a2b2 + a2b2, cross02 + a1b1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PackedExt3 MulBase(PackedFelt b) => new(A0 * b, A1 * b, A2 * b);

    /// <summary>Every lane times one extension element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PackedExt3 MulScalar(Ext3 s) => this * new PackedExt3(PackedFelt.FromBase(s.A0), PackedFelt.FromBase(s.A1), PackedFelt.FromBase(s.A2));
}
