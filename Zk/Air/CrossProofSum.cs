using Wsc.Zk.Field;

namespace Wsc.Zk.Air;

/// <summary>
/// A table's side of a bus across proofs: S = Σ_rows Σ_terms ±gate / (α − (x0 + β·x1 + β²·x2)) over extension values,
/// computed in main columns of the table, with (α, β) and S among the public inputs. The caller derives (α, β) from
/// every participating proof's statement root (docs/stark.md "Statement columns") and checks that the proofs' sums
/// add up to zero. Sound only when every gate and x reads statement or preprocessed columns: those are fixed before
/// (α, β) exist; everything this class adds is determined by them.
/// </summary>
/// <remarks>
/// Columns from <see cref="Start"/> (frame indexes): α, β, β² (three each, constant down the table, α and β pinned to
/// the public inputs on the first row), then per term its fingerprint Fp = α − (x0 + β·x1 + β²·x2) and Inv with
/// gate·(Inv·Fp − 1) = 0, then the running sum Acc: Acc[0] = 0, Acc' = Acc + Σ ±gate·Inv (the sum of the rows before).
/// Gates are columns that must be zero on the last row (a boundary constraint for main-column gates; a preprocessed
/// gate is the key's business), so S = Acc[last]. Degrees: 2 (β², Fp, Acc) and 3 (the gated inverses).
/// </remarks>
public sealed class CrossProofSum
{
    /// <summary>One fingerprint per row: sent (+) or received (−) when the gate column is 1.</summary>
    public sealed record Term(bool IsSend, int Gate, LinearExpression X0, LinearExpression X1, LinearExpression X2);

    public IReadOnlyList<Term> Terms { get; }

    /// <summary>The first frame column this sum owns.</summary>
    public int Start { get; }

    /// <summary>Preprocessed columns before the main ones in the frame (boundary constraints use main indexes).</summary>
    public int PreprocessedWidth { get; }

    /// <summary>Index of α (three) and β (three) in the public inputs.</summary>
    public int PublicAt { get; }

    /// <summary>Index of S (three) in the public inputs: right after α and β unless the table says otherwise.</summary>
    public int SumAt { get; }

    /// <summary>
    /// A sum whose columns start at frame index `start`, reading α and β at `publicAt` and S at `sumAt` (default
    /// `publicAt + 6`): several tables of one proof share one (α, β) and keep their own S.
    /// </summary>
    public CrossProofSum(IReadOnlyList<Term> terms, int start, int preprocessedWidth, int publicAt, int? sumAt = null)
    {
        if (terms.Count == 0) throw new ArgumentException("a cross-proof sum needs at least one term", nameof(terms));
        Terms = terms;
        Start = start;
        PreprocessedWidth = preprocessedWidth;
        PublicAt = publicAt;
        SumAt = sumAt ?? publicAt + 6;
    }

    /// <summary>Columns this sum adds: 9 + 6 per term + 3.</summary>
    public int Width => 9 + 6 * Terms.Count + 3;

    private int Alpha => Start;
    private int Beta => Start + 3;
    private int Beta2 => Start + 6;
    private int Fp(int k) => Start + 9 + 6 * k;
    private int Inv(int k) => Start + 12 + 6 * k;
    private int Acc => Start + 9 + 6 * Terms.Count;

    /// <summary>Row constraints: β² = β·β, then per term Fp's definition and the gated inverse (three each).</summary>
    public IReadOnlyList<int> RowDegrees => [2, 2, 2, .. Terms.SelectMany(_ => TermRowDegrees)];

    private static readonly int[] TermRowDegrees = [2, 2, 2, 3, 3, 3];

    /// <summary>Transition constraints: α, β, β² constant (nine), then the running sum (three).</summary>
    public IReadOnlyList<int> TransitionDegrees => [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2];

    public void EvaluateRow<T>(ReadOnlySpan<T> c, Span<T> r) where T : struct, IFieldElement<T>
    {
        var alpha = ExtTriple<T>.At(c, Alpha);
        var beta = ExtTriple<T>.At(c, Beta);
        var beta2 = ExtTriple<T>.At(c, Beta2);
        (beta2 - beta * beta).WriteTo(r, 0);
        for (int k = 0; k < Terms.Count; k++)
        {
            var term = Terms[k];
            var x = ExtTriple<T>.Base(term.X0.Evaluate(c)) + beta * term.X1.Evaluate(c) + beta2 * term.X2.Evaluate(c);
            var fp = ExtTriple<T>.At(c, Fp(k));
            (fp - (alpha - x)).WriteTo(r, 3 + 6 * k);
            ((ExtTriple<T>.At(c, Inv(k)) * fp - ExtTriple<T>.One) * c[term.Gate]).WriteTo(r, 6 + 6 * k);
        }
    }

    public void EvaluateTransition<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, Span<T> r) where T : struct, IFieldElement<T>
    {
        for (int i = 0; i < 9; i++) r[i] = next[Alpha + i] - cur[Alpha + i];
        var step = ExtTriple<T>.At(cur, Acc);
        for (int k = 0; k < Terms.Count; k++)
        {
            var v = ExtTriple<T>.At(cur, Inv(k)) * cur[Terms[k].Gate];
            step = Terms[k].IsSend ? step + v : step - v;
        }
        (ExtTriple<T>.At(next, Acc) - step).WriteTo(r, 9);
    }

    /// <summary>α and β on the first row, Acc = 0 on the first row and S on the last, main-column gates 0 on the last row.</summary>
    public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs)
    {
        var b = new List<BoundaryConstraint>();
        int m(int frame) => frame - PreprocessedWidth;
        for (int i = 0; i < 6; i++) b.Add(new(m(Alpha + i), BoundaryRow.First, publicInputs[PublicAt + i]));
        for (int i = 0; i < 3; i++) b.Add(new(m(Acc + i), BoundaryRow.First, 0));
        for (int i = 0; i < 3; i++) b.Add(new(m(Acc + i), BoundaryRow.Last, publicInputs[SumAt + i]));
        foreach (int gate in Terms.Select(t => t.Gate).Distinct())
            if (gate >= PreprocessedWidth) b.Add(new(m(gate), BoundaryRow.Last, 0));
        return b;
    }

    /// <summary>
    /// Fills this sum's columns (frame indexes in `frame`, each of `height` rows) from the gates and x's already there,
    /// and returns S. Throws if a fingerprint is zero (a challenge collision: draw other challenges).
    /// </summary>
    public Ext3 Fill(ulong[][] frame, Ext3 alpha, Ext3 beta)
    {
        int n = frame[Terms[0].Gate].Length;
        var beta2 = beta * beta;
        void Set(int col, int row, Ext3 v)
        {
            frame[col][row] = v.A0;
            frame[col + 1][row] = v.A1;
            frame[col + 2][row] = v.A2;
        }
        var felts = new Felt[frame.Length];
        Ext3 acc = Ext3.Zero;
        for (int r = 0; r < n; r++)
        {
            Set(Alpha, r, alpha);
            Set(Beta, r, beta);
            Set(Beta2, r, beta2);
            Set(Acc, r, acc);
            for (int c = 0; c < frame.Length; c++) felts[c] = new Felt(frame[c]?.Length > r ? frame[c][r] : 0);
            for (int k = 0; k < Terms.Count; k++)
            {
                var t = Terms[k];
                var x = Ext3.FromBase(t.X0.Evaluate<Felt>(felts).Value) + beta.MulBase(t.X1.Evaluate<Felt>(felts).Value) + beta2.MulBase(t.X2.Evaluate<Felt>(felts).Value);
                var fp = alpha - x;
                Set(Fp(k), r, fp);
                ulong gate = frame[t.Gate][r];
                if (gate == 0)
                {
                    Set(Inv(k), r, Ext3.Zero);
                    continue;
                }
                if (fp.IsZero) throw new InvalidOperationException("cross-proof sum: a fingerprint is zero (challenge collision)");
                var inv = fp.Inverse();
                Set(Inv(k), r, inv);
                var v = inv.MulBase(gate);
                acc = t.IsSend ? acc + v : acc - v;
            }
        }
        return acc;
    }

    /// <summary>The term ±gate/(α − (x0 + β·x1 + β²·x2)) for given values: what a caller sums for a check.</summary>
    public static Ext3 Fraction(bool isSend, ulong gate, ulong x0, ulong x1, ulong x2, Ext3 alpha, Ext3 beta)
    {
        var fp = alpha - (Ext3.FromBase(x0) + beta.MulBase(x1) + (beta * beta).MulBase(x2));
        var v = fp.Inverse().MulBase(gate);
        return isSend ? v : Ext3.Zero - v;
    }
}
