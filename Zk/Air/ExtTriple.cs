using Wsc.Zk.Field;

namespace Wsc.Zk.Air;

/// <summary>
/// An extension-field value held in three columns, c0 + c1·u + c2·u² with u³ = <see cref="Ext3.W"/>, so that
/// constraints over base-field columns can do extension arithmetic: the products are <see cref="Ext3"/>'s, written out.
/// Generic over the constraint field T like the constraints themselves (base field for the prover, extension for the
/// verifier's out-of-domain check: the identities are polynomial, so they hold in both).
/// </summary>
public readonly struct ExtTriple<T>(T c0, T c1, T c2) where T : struct, IFieldElement<T>
{
    public T C0 { get; } = c0;
    public T C1 { get; } = c1;
    public T C2 { get; } = c2;

    /// <summary>Columns at, at + 1 and at + 2 of a row.</summary>
    public static ExtTriple<T> At(ReadOnlySpan<T> row, int at) => new(row[at], row[at + 1], row[at + 2]);

    /// <summary>A base-field value (c1 = c2 = 0).</summary>
    public static ExtTriple<T> Base(T v) => new(v, T.Zero, T.Zero);

    public static ExtTriple<T> One => new(T.One, T.Zero, T.Zero);

    public static ExtTriple<T> operator +(ExtTriple<T> a, ExtTriple<T> b) => new(a.C0 + b.C0, a.C1 + b.C1, a.C2 + b.C2);

    public static ExtTriple<T> operator -(ExtTriple<T> a, ExtTriple<T> b) => new(a.C0 - b.C0, a.C1 - b.C1, a.C2 - b.C2);

    public static ExtTriple<T> operator *(ExtTriple<T> a, ExtTriple<T> b)
    {
        var w = T.FromBase(Ext3.W);
        return new(
            a.C0 * b.C0 + w * (a.C1 * b.C2 + a.C2 * b.C1),
            a.C0 * b.C1 + a.C1 * b.C0 + w * (a.C2 * b.C2),
            a.C0 * b.C2 + a.C1 * b.C1 + a.C2 * b.C0);
    }

    /// <summary>Times a value of the constraint field (a column, a gate).</summary>
    public static ExtTriple<T> operator *(ExtTriple<T> a, T s) => new(a.C0 * s, a.C1 * s, a.C2 * s);

    /// <summary>Writes the three components to result[at..at+3] (three constraints that all must vanish).</summary>
    public void WriteTo(Span<T> result, int at)
    {
        result[at] = C0;
        result[at + 1] = C1;
        result[at + 2] = C2;
    }
}
