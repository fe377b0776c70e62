using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The input bytes a segment reads, as public bus terms: (position, byte) once for every stream position in
/// [input start, input end), taken from the public inputs. read_input advances the stream position by what it copies,
/// so the io rows look up exactly these positions once each, and the bytes they copy are the input's. The table itself
/// is a placeholder (two rows, one zero column): the terms live outside every table.
/// </summary>
public sealed class InputTable : TableAir
{
    /// <summary>The one main column, which is zero (the engine needs a main column).</summary>
    public const int Zero = 0;

    public override string Name => "input";
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
        var (_, _, at, end) = SegmentBoundary.PublicLayout(publicInputs);
        int count = end - at;
        for (int i = 0; i < count; i++)
        {
            if (publicInputs[at + i] > 255) throw new ArgumentException($"segment public inputs: input byte {i} is {publicInputs[at + i]}");
        }
        return [new PublicRun(VmBus.Input, false, publicInputs[5], at, count)];
    }
}
