using Wsc.Zk.Field;

namespace Wsc.Zk.Air;

/// <summary>
/// A table's side of a bus across proofs: S = Σ_rows Σ_terms ±gate / (α − (x0 + β·x1 + β²·x2)) over extension values,
/// computed in main columns of the table, with (α, β) and S among the public inputs. The caller derives (α, β) from
/// every participating proof's statement root (docs/stark.md "Statement columns") and checks that the proofs' sums
/// add up to zero. Sound only when every gate and x reads statement or preprocessed columns, or a main column the
/// constraints pin to a verifier-chosen public input (the memory-boundary table's segment index): those are fixed
/// before (α, β) exist; everything this class adds is determined by them.
/// </summary>
/// <remarks>
/// α and β are read as public constants (<see cref="TableAir.PublicConstants"/>: the table declares
/// <see cref="PublicConstants"/>), so they cost no column. Columns from <see cref="Start"/> (frame indexes): per term
/// Inv with Inv·(α − (x0 + β·x1 + β²·x2)) = 1 on every row (a zero fingerprint has probability about rows/|F³|), then
/// the running sum Acc: Acc[0] = 0, Acc' = Acc + Σ ±gate·Inv (the sum of the rows before). Gates are columns that must
/// be zero on the last row (a boundary constraint for main-column gates; a preprocessed gate is the key's business), so
/// S = Acc[last]. Every constraint has degree 2. 3 + 3 per term columns.
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

    /// <summary>Where α and β sit in the constraint evaluators' `periodic` span: after the table's own periodic columns.</summary>
    public int ConstantsAt { get; }

    /// <summary>
    /// A sum whose columns start at frame index `start`, reading α and β at `publicAt` and S at `sumAt` (default
    /// `publicAt + 6`): several tables of one proof share one (α, β) and keep their own S. `constantsAt` is the number
    /// of periodic columns the table has before its public constants.
    /// </summary>
    public CrossProofSum(IReadOnlyList<Term> terms, int start, int preprocessedWidth, int publicAt, int? sumAt = null, int constantsAt = 0)
    {
        if (terms.Count == 0) throw new ArgumentException("a cross-proof sum needs at least one term", nameof(terms));
        Terms = terms;
        Start = start;
        PreprocessedWidth = preprocessedWidth;
        PublicAt = publicAt;
        SumAt = sumAt ?? publicAt + 6;
        ConstantsAt = constantsAt;
    }

    /// <summary>Columns this sum adds: 3 per term + 3.</summary>
    public int Width => 3 * Terms.Count + 3;

    /// <summary>The public inputs the table must declare as its public constants, in this order (α, then β).</summary>
    public IReadOnlyList<int> PublicConstants => [.. Enumerable.Range(PublicAt, 6)];

    private int Inv(int k) => Start + 3 * k;
    private int Acc => Start + 3 * Terms.Count;

    /// <summary>Row constraints: per term the inverse of its fingerprint (three each).</summary>
    public IReadOnlyList<int> RowDegrees => [.. Terms.SelectMany(_ => (int[])[2, 2, 2])];

    /// <summary>Transition constraints: the running sum (three).</summary>
    public IReadOnlyList<int> TransitionDegrees => [2, 2, 2];

    public void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r) where T : struct, IFieldElement<T>
    {
        var alpha = ExtTriple<T>.At(periodic, ConstantsAt);
        var beta = ExtTriple<T>.At(periodic, ConstantsAt + 3);
        var beta2 = beta * beta;
        for (int k = 0; k < Terms.Count; k++)
        {
            var term = Terms[k];
            var fp = alpha - (ExtTriple<T>.Base(term.X0.Evaluate(c)) + beta * term.X1.Evaluate(c) + beta2 * term.X2.Evaluate(c));
            (ExtTriple<T>.At(c, Inv(k)) * fp - ExtTriple<T>.One).WriteTo(r, 3 * k);
        }
    }

    public void EvaluateTransition<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> next, Span<T> r) where T : struct, IFieldElement<T>
    {
        var step = ExtTriple<T>.At(cur, Acc);
        for (int k = 0; k < Terms.Count; k++)
        {
            var v = ExtTriple<T>.At(cur, Inv(k)) * cur[Terms[k].Gate];
            step = Terms[k].IsSend ? step + v : step - v;
        }
        (ExtTriple<T>.At(next, Acc) - step).WriteTo(r, 0);
    }

    /// <summary>Acc = 0 on the first row and S on the last, main-column gates 0 on the last row.</summary>
    public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs)
    {
        var b = new List<BoundaryConstraint>();
        int m(int frame) => frame - PreprocessedWidth;
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
        // Every row's fingerprint, inverted in one batch (a table may have 2^17 rows and more).
        var inverses = new Ext3[Terms.Count][];
        for (int k = 0; k < Terms.Count; k++) inverses[k] = new Ext3[n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < frame.Length; c++) felts[c] = new Felt(frame[c]?.Length > r ? frame[c][r] : 0);
            for (int k = 0; k < Terms.Count; k++)
            {
                var t = Terms[k];
                var fp = alpha - (Ext3.FromBase(t.X0.Evaluate<Felt>(felts).Value) + beta.MulBase(t.X1.Evaluate<Felt>(felts).Value) + beta2.MulBase(t.X2.Evaluate<Felt>(felts).Value));
                if (fp.IsZero) throw new InvalidOperationException("cross-proof sum: a fingerprint is zero (challenge collision)");
                inverses[k][r] = fp;
            }
        }
        foreach (var column in inverses) Ext3.BatchInverse(column);
        Ext3 acc = Ext3.Zero;
        for (int r = 0; r < n; r++)
        {
            Set(Acc, r, acc);
            for (int k = 0; k < Terms.Count; k++)
            {
                var t = Terms[k];
                Set(Inv(k), r, inverses[k][r]);
                ulong gate = frame[t.Gate][r];
                if (gate == 0) continue;
                var v = inverses[k][r].MulBase(gate);
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
