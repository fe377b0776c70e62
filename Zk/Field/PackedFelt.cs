using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Wsc.Zk.Field;

/// <summary>
/// Eight Goldilocks elements in one AVX-512 register, one per lane: an AIR's generic constraint code run over this type
/// evaluates eight rows at once. Only valid where <see cref="GoldilocksVector.IsSupported"/>.
/// </summary>
public readonly struct PackedFelt(Vector512<ulong> lanes) : IFieldElement<PackedFelt>
{
    /// <summary>Lanes; each canonical in [0, p).</summary>
    public readonly Vector512<ulong> Lanes = lanes;

    public static PackedFelt Zero => default;
    public static PackedFelt One => new(Vector512<ulong>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PackedFelt FromBase(ulong value) => new(Vector512.Create(Goldilocks.FromU64(value)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PackedFelt operator +(PackedFelt a, PackedFelt b) => new(GoldilocksVector.Add(a.Lanes, b.Lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PackedFelt operator -(PackedFelt a, PackedFelt b) => new(GoldilocksVector.Sub(a.Lanes, b.Lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PackedFelt operator *(PackedFelt a, PackedFelt b) => new(GoldilocksVector.Mul(a.Lanes, b.Lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PackedFelt operator -(PackedFelt a) => new(GoldilocksVector.Sub(Vector512<ulong>.Zero, a.Lanes));

    public static bool operator ==(PackedFelt a, PackedFelt b) => a.Equals(b);
    public static bool operator !=(PackedFelt a, PackedFelt b) => !a.Equals(b);
    public bool Equals(PackedFelt other) => Lanes.Equals(other.Lanes);
    public override bool Equals(object? obj) => obj is PackedFelt f && Equals(f);
    public override int GetHashCode() => Lanes.GetHashCode();
}
