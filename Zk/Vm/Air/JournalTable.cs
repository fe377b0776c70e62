using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The journal bytes a segment writes, as public bus terms: (position, byte) once for every output position in
/// [output start, output end), taken from the public inputs, each taken by exactly one write_output byte: the segment
/// writes these bytes at these positions and nothing else. The table itself is a placeholder (two rows, one zero column).
/// </summary>
public sealed class JournalTable : TableAir
{
    /// <summary>The one main column, which is zero (the engine needs a main column).</summary>
    public const int Zero = 0;

    public override string Name => "journal";
    public override int MainWidth => 1;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<int> RowDegrees { get; } = [1];

    public override void EvaluateRow<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> periodic, Span<T> result) => result[0] = current[Zero];

    /// <summary>One run of (position, byte) terms, the bytes being a slice of the public inputs; each must be a byte.</summary>
    public override IReadOnlyList<PublicRun> PublicRuns(ReadOnlySpan<ulong> publicInputs)
    {
        var (_, _, _, at) = SegmentBoundary.PublicLayout(publicInputs);
        int count = publicInputs.Length - at;
        for (int i = 0; i < count; i++)
        {
            if (publicInputs[at + i] > 255) throw new ArgumentException($"segment public inputs: journal byte {i} is {publicInputs[at + i]}");
        }
        return [new PublicRun(VmBus.Journal, false, publicInputs[7], at, count)];
    }
}
