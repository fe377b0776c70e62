using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The run's input as preprocessed (position, byte) rows with a multiplicity column: every byte read_input copies
/// into memory is looked up here at its stream position, so reads return exactly the input.
/// </summary>
public sealed class InputTable : TableAir
{
    public const int Position = 0, Byte = 1, PrepWidth = 2;

    /// <summary>Frame index of the multiplicity (main column 0).</summary>
    public const int Multiplicity = 2;

    private readonly byte[] input;
    private readonly int logHeight;

    public InputTable(byte[] input)
    {
        this.input = input;
        logHeight = 1;
        while ((1 << logHeight) < input.Length) logHeight++;
    }

    public override string Name => "input";
    public override int MainWidth => 1;
    public override int PreprocessedWidth => PrepWidth;
    public override int? FixedLogHeight => logHeight;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<Interaction> Interactions { get; } = [Interaction.Receive(VmBus.Input, Multiplicity, Position, Byte)];

    public override ulong[][] GeneratePreprocessed(int height)
    {
        var pos = new ulong[height];
        var bytes = new ulong[height];
        for (int i = 0; i < height; i++)
        {
            // Padding rows sit at position p − 1, which no io row can ask for (positions are small non-negative integers).
            pos[i] = i < input.Length ? (ulong)i : Field.Goldilocks.P - 1;
            bytes[i] = i < input.Length ? input[i] : 0UL;
        }
        return [pos, bytes];
    }
}
