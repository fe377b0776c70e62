using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// A segment's memory boundary as preprocessed columns: for the 32 registers and every RAM word it touches, the
/// value before the first access and after the last. It produces the initial records (timestamp 0) and consumes the
/// final ones on the memory bus, so the verifying key commits the segment's start and end state.
/// </summary>
public sealed class MemoryBoundaryTable : TableAir
{
    public const int Space = 0, Address = 1, ValueIn = 2, ValueOut = 3, Real = 4, PrepWidth = 5;

    /// <summary>Frame index of the final access timestamp (main column 0).</summary>
    public const int FinalTs = 5;

    private readonly SegmentBoundary boundary;
    private readonly int logHeight;

    public MemoryBoundaryTable(SegmentBoundary boundary)
    {
        this.boundary = boundary;
        logHeight = 1;
        while ((1 << logHeight) < Rows) logHeight++;
    }

    /// <summary>Registers first, then RAM words in address order.</summary>
    public int Rows => 32 + boundary.MemoryIn.Length;

    public override string Name => "memory-boundary";
    public override int MainWidth => 1;
    public override int PreprocessedWidth => PrepWidth;
    public override int? FixedLogHeight => logHeight;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        Interaction.Send(VmBus.Memory, Real, Space, Address, ValueIn, LinearExpression.Const(0)),
        Interaction.Receive(VmBus.Memory, Real, Space, Address, ValueOut, FinalTs),
    ];

    public override ulong[][] GeneratePreprocessed(int height)
    {
        var cols = new ulong[PrepWidth][];
        for (int c = 0; c < PrepWidth; c++) cols[c] = new ulong[height];
        for (int r = 0; r < 32; r++)
        {
            cols[Space][r] = VmBus.RegisterSpace;
            cols[Address][r] = (ulong)r;
            cols[ValueIn][r] = boundary.StartRegisters[r];
            cols[ValueOut][r] = boundary.EndRegisters[r];
            cols[Real][r] = 1;
        }
        for (int i = 0; i < boundary.MemoryIn.Length; i++)
        {
            int row = 32 + i;
            cols[Space][row] = VmBus.RamSpace;
            cols[Address][row] = boundary.MemoryIn[i].Address;
            cols[ValueIn][row] = boundary.MemoryIn[i].Value;
            cols[ValueOut][row] = boundary.MemoryOut[i].Value;
            cols[Real][row] = 1;
        }
        return cols;
    }
}
