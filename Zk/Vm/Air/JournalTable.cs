using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The journal bytes a segment writes, as preprocessed (position, byte, real) rows that each take exactly one
/// write_output byte: the segment writes these bytes at these positions and nothing else.
/// </summary>
public sealed class JournalTable : TableAir
{
    public const int Position = 0, Byte = 1, Real = 2, PrepWidth = 3;

    /// <summary>Frame index of the one main column, which is zero (the engine needs a main column).</summary>
    public const int Zero = 3;

    private readonly byte[] journal;
    private readonly uint start;
    private readonly int logHeight;

    public JournalTable(byte[] journal, uint start)
    {
        this.journal = journal;
        this.start = start;
        logHeight = 1;
        while ((1 << logHeight) < journal.Length) logHeight++;
    }

    public override string Name => "journal";
    public override int MainWidth => 1;
    public override int PreprocessedWidth => PrepWidth;
    public override int? FixedLogHeight => logHeight;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<int> RowDegrees { get; } = [1];

    public override void EvaluateRow<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> periodic, Span<T> result) => result[0] = current[Zero];

    public override IReadOnlyList<Interaction> Interactions { get; } = [Interaction.Receive(VmBus.Journal, Real, Position, Byte)];

    public override ulong[][] GeneratePreprocessed(int height)
    {
        var pos = new ulong[height];
        var bytes = new ulong[height];
        var real = new ulong[height];
        for (int i = 0; i < journal.Length; i++)
        {
            pos[i] = start + (ulong)i;
            bytes[i] = journal[i];
            real[i] = 1;
        }
        return [pos, bytes, real];
    }
}
