using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The footprint's part outside the image: one row per word the run touches at or above the image's end (heap and
/// stack), addresses strictly increasing over the real rows (so none twice) and each at least ImageEnd (so no image word
/// is passed off as zero-initialised). Statement columns (address, final, last, real); on the bus across the run's
/// proofs it sends (address, 0, 0) and receives (address, final, last).
/// </summary>
public sealed class MemoryHeapTable : TableAir
{
    /// <summary>Statement columns, then the range-check limbs.</summary>
    public const int Address = 0, Final = 1, Last = 2, Real = 3, DiffLo = 4, DiffHi = 5, GapLo = 6, GapHi = 7, Width = 8;

    private readonly uint _imageEnd;

    /// <summary>The table's side of the cross-proof sum: α and β at `publicAt` in the public inputs, S at `sumAt` (default right after them).</summary>
    public CrossProofSum Sum { get; }

    public MemoryHeapTable(uint imageEnd, int publicAt = 0, int? sumAt = null)
    {
        _imageEnd = imageEnd;
        Sum = new CrossProofSum(
        [
            new CrossProofSum.Term(true, Real, Address, LinearExpression.Const(0), LinearExpression.Const(0)),
            new CrossProofSum.Term(false, Real, Address, Final, Last),
        ], Width, 0, publicAt, sumAt);
    }

    public override string Name => "memory-heap";
    public override int MainWidth => Width + Sum.Width;
    public override int StatementWidth => 4;

    // Real is 1 then 0 (padding last); between real rows the address grows by 1 + DiffLo + 2^16·DiffHi.
    public override IReadOnlyList<int> TransitionDegrees => [2, 2, .. Sum.TransitionDegrees];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
        result[0] = (T.One - current[Real]) * next[Real];
        result[1] = next[Real] * (next[Address] - current[Address] - T.One - current[DiffLo] - T.FromBase(65536) * current[DiffHi]);
        Sum.EvaluateTransition(current, next, result[2..]);
    }

    // Real boolean; a real row's address is ImageEnd + GapLo + 2^16·GapHi; padding rows hold zeros (one statement a run).
    public override IReadOnlyList<int> RowDegrees => [2, 2, 2, 2, 2, .. Sum.RowDegrees];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        r[0] = c[Real] * (c[Real] - T.One);
        r[1] = c[Real] * (c[Address] - T.FromBase(_imageEnd) - c[GapLo] - T.FromBase(65536) * c[GapHi]);
        var padding = T.One - c[Real];
        r[2] = padding * c[Address];
        r[3] = padding * c[Final];
        r[4] = padding * c[Last];
        Sum.EvaluateRow(c, periodic, r[5..]);
    }

    public override IReadOnlyList<Interaction> Interactions { get; } =
        [ChipInteractions.U16(DiffLo), ChipInteractions.U16(DiffHi), ChipInteractions.U16(GapLo), ChipInteractions.U16(GapHi)];

    public override IReadOnlyList<int> PublicConstants => Sum.PublicConstants;

    // Two range checks a helper column (degree 3).
    public override int InteractionsPerAuxColumn => 2;

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
        Sum.BoundaryConstraints(publicInputs);

    /// <summary>Rows for `words` real rows and at least one padding row.</summary>
    public static int Height(int words)
    {
        int h = 2;
        while (h < words + 1) h <<= 1;
        return h;
    }

    /// <summary>The statement columns (address, final, last, real) for the given words, sorted by address; refuses a word below ImageEnd or listed twice.</summary>
    public ulong[][] Statement(IReadOnlyList<(uint Address, uint Final, uint Last)> words)
    {
        var sorted = words.OrderBy(w => w.Address).ToArray();
        int h = Height(sorted.Length);
        var cols = new ulong[4][];
        for (int c = 0; c < 4; c++) cols[c] = new ulong[h];
        for (int i = 0; i < sorted.Length; i++)
        {
            var (a, f, l) = sorted[i];
            if (a < _imageEnd) throw new ArgumentException($"memory-heap: address 0x{a:x8} lies in the image (below 0x{_imageEnd:x8})", nameof(words));
            if (i > 0 && a <= sorted[i - 1].Address) throw new ArgumentException($"memory-heap: address 0x{a:x8} twice", nameof(words));
            cols[Address][i] = a;
            cols[Final][i] = f;
            cols[Last][i] = l;
            cols[Real][i] = 1;
        }
        return cols;
    }

    /// <summary>Rows for the given (address, final, last) words, sorted by address, at least one padding row; returns (columns, S).</summary>
    public (ulong[][] Main, Field.Ext3 Sum) Trace(IReadOnlyList<(uint Address, uint Final, uint Last)> words, Field.Ext3 alpha, Field.Ext3 beta)
    {
        var statement = Statement(words);
        int h = statement[0].Length;
        var cols = new ulong[MainWidth][];
        for (int c = 0; c < 4; c++) cols[c] = statement[c];
        for (int c = 4; c < cols.Length; c++) cols[c] = new ulong[h];
        for (int i = 0; i < h && statement[Real][i] == 1; i++)
        {
            ulong a = statement[Address][i];
            cols[GapLo][i] = (a - _imageEnd) & 0xffff;
            cols[GapHi][i] = (a - _imageEnd) >> 16;
            if (i + 1 < h && statement[Real][i + 1] == 1)
            {
                ulong d = statement[Address][i + 1] - a - 1;
                cols[DiffLo][i] = d & 0xffff;
                cols[DiffHi][i] = d >> 16;
            }
        }
        var sum = Sum.Fill(cols, alpha, beta);
        return (cols, sum);
    }
}
