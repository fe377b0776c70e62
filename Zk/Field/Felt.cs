using System.Runtime.CompilerServices;

namespace Wsc.Zk.Field;

/// <summary>A Goldilocks base field element; same layout as its canonical ulong so spans reinterpret freely.</summary>
public readonly struct Felt(ulong value) : IFieldElement<Felt>
{
    /// <summary>The canonical value in [0, p).</summary>
    public readonly ulong Value = value;

    public static Felt Zero => default;
    public static Felt One => new(1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt FromBase(ulong value) => new(Goldilocks.FromU64(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator +(Felt a, Felt b) => new(Goldilocks.Add(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator -(Felt a, Felt b) => new(Goldilocks.Sub(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator *(Felt a, Felt b) => new(Goldilocks.Mul(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator -(Felt a) => new(Goldilocks.Neg(a.Value));

    public static bool operator ==(Felt a, Felt b) => a.Value == b.Value;
    public static bool operator !=(Felt a, Felt b) => a.Value != b.Value;
    public bool Equals(Felt other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is Felt f && f.Value == Value;
    public override int GetHashCode() => Value.GetHashCode();
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
