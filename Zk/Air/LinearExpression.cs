using Wsc.Zk.Field;

namespace Wsc.Zk.Air;

/// <summary>
/// constant + Σ coefficient·frame[column] over the current row of a table, where the frame is
/// [preprocessed columns..., main columns...]. Used for bus and lookup values and multiplicities (degree 1).
/// </summary>
public sealed class LinearExpression
{
    private readonly (int Column, ulong Coefficient)[] _terms;

    public ulong Constant { get; }

    public IReadOnlyList<(int Column, ulong Coefficient)> Terms => _terms;

    private LinearExpression(ulong constant, (int, ulong)[] terms)
    {
        Constant = Goldilocks.FromU64(constant);
        _terms = [.. terms.Select(t => (t.Item1, Goldilocks.FromU64(t.Item2)))];
    }

    /// <summary>The value of one frame column (index into [preprocessed..., main...]).</summary>
    public static LinearExpression Column(int column) => new(0, [(column, 1)]);

    public static LinearExpression Const(ulong value) => new(value, []);

    /// <summary>Σ coefficient·column + constant.</summary>
    public static LinearExpression Combination(ulong constant, params (int Column, ulong Coefficient)[] terms) => new(constant, terms);

    public int MaxColumn => _terms.Length == 0 ? -1 : _terms.Max(t => t.Column);

    public T Evaluate<T>(ReadOnlySpan<T> frame) where T : struct, IFieldElement<T>
    {
        T acc = T.FromBase(Constant);
        foreach (var (col, coef) in _terms)
        {
            acc += coef == 1 ? frame[col] : frame[col] * T.FromBase(coef);
        }
        return acc;
    }

    public static implicit operator LinearExpression(int column) => Column(column);

    public override string ToString() =>
        string.Join(" + ", _terms.Select(t => t.Coefficient == 1 ? $"c{t.Column}" : $"{t.Coefficient}·c{t.Column}").Append(Constant.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
