using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The footprint's image part (docs/zkvm.md, "Memory between segments"): one
/// preprocessed row per word of the image, (address, initial word, real), fixed by the verifying key, and as statement
/// columns the word's final value and the last segment that touched it (0 if none). On the bus across the run's proofs
/// it sends (address, initial, 0) and receives (address, final, last): an untouched word's two terms cancel.
/// </summary>
public sealed class MemoryImageTable : TableAir
{
    /// <summary>Preprocessed columns.</summary>
    public const int PAddress = 0, PWord = 1, PReal = 2, PrepWidth = 3;

    /// <summary>Frame indexes of the statement columns.</summary>
    public const int Final = 3, Last = 4;

    private readonly uint _imageStart;
    private readonly uint[] _words;
    private readonly int _logHeight;

    /// <summary>The table's side of the cross-proof sum: α and β at `publicAt` in the public inputs, S at `sumAt` (default right after them).</summary>
    public CrossProofSum Sum { get; }

    public MemoryImageTable(ProgramImage image, int publicAt = 0, int? sumAt = null)
    {
        _imageStart = image.ImageStart;
        _words = new uint[image.InitialImage.Length / 4];
        for (int i = 0; i < _words.Length; i++) _words[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(image.InitialImage.AsSpan(4 * i));
        // At least one padding row, so the last row's gate is zero and the sum ends on it.
        int h = 2;
        while (h < _words.Length + 1) h <<= 1;
        _logHeight = System.Numerics.BitOperations.Log2((uint)h);
        Sum = new CrossProofSum(
        [
            new CrossProofSum.Term(true, PReal, PAddress, PWord, LinearExpression.Const(0)),
            new CrossProofSum.Term(false, PReal, PAddress, Final, Last),
        ], Last + 1, PrepWidth, publicAt, sumAt);
    }

    /// <summary>Words of the image (each a row).</summary>
    public int WordCount => _words.Length;

    public override string Name => "memory-image";
    public override int PreprocessedWidth => PrepWidth;
    public override int? FixedLogHeight => _logHeight;
    public override int MainWidth => 2 + Sum.Width;
    public override int StatementWidth => 2;
    public override IReadOnlyList<int> TransitionDegrees => Sum.TransitionDegrees;
    // Padding rows (PReal = 0) hold zero final values and segments: one statement a run.
    public override IReadOnlyList<int> RowDegrees => [2, 2, .. Sum.RowDegrees];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
        Sum.EvaluateTransition(current, next, result);

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        r[0] = (T.One - c[PReal]) * c[Final];
        r[1] = (T.One - c[PReal]) * c[Last];
        Sum.EvaluateRow(c, periodic, r[2..]);
    }

    public override IReadOnlyList<int> PublicConstants => Sum.PublicConstants;

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
        Sum.BoundaryConstraints(publicInputs);

    public override ulong[][] GeneratePreprocessed(int height)
    {
        var cols = new ulong[PrepWidth][];
        for (int c = 0; c < PrepWidth; c++) cols[c] = new ulong[height];
        for (int i = 0; i < _words.Length; i++)
        {
            cols[PAddress][i] = _imageStart + 4u * (uint)i;
            cols[PWord][i] = _words[i];
            cols[PReal][i] = 1;
        }
        return cols;
    }

    /// <summary>
    /// The statement columns (final value, last segment) per image word: words not in `finals` keep their initial value
    /// and last segment 0; padding rows are zero.
    /// </summary>
    public ulong[][] Statement(IReadOnlyDictionary<uint, (uint Value, uint Last)> finals)
    {
        int h = 1 << _logHeight;
        ulong[][] cols = [new ulong[h], new ulong[h]];
        for (int i = 0; i < _words.Length; i++)
        {
            uint address = _imageStart + 4u * (uint)i;
            var (value, last) = finals.TryGetValue(address, out var f) ? f : (_words[i], 0u);
            cols[0][i] = value;
            cols[1][i] = last;
        }
        return cols;
    }

    /// <summary>
    /// The main columns for final values per image address (words not in `finals` keep their initial value, last 0),
    /// with the sum filled in; returns (main columns, S).
    /// </summary>
    public (ulong[][] Main, Field.Ext3 Sum) Trace(IReadOnlyDictionary<uint, (uint Value, uint Last)> finals, Field.Ext3 alpha, Field.Ext3 beta)
    {
        int h = 1 << _logHeight;
        var prep = GeneratePreprocessed(h);
        var statement = Statement(finals);
        var frame = new ulong[PrepWidth + MainWidth][];
        for (int c = 0; c < PrepWidth; c++) frame[c] = prep[c];
        frame[Final] = statement[0];
        frame[Last] = statement[1];
        for (int c = Last + 1; c < frame.Length; c++) frame[c] = new ulong[h];
        var sum = Sum.Fill(frame, alpha, beta);
        return (frame[PrepWidth..], sum);
    }
}
