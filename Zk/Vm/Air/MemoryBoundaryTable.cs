using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// A segment's memory boundary: for the 32 registers and every RAM word it touches, the value before the first access
/// and after the last. Each real row produces the initial record (timestamp 0) and consumes the final one on the memory
/// bus, and takes its (space, address, value in, value out) from the boundary bus, where the statement's public bus
/// terms put exactly one tuple per register and listed word. So the start and end state are bound by the public inputs
/// (the transcript), not by a per-segment commitment: the AIR and its verifying key depend on the image alone.
/// </summary>
public sealed class MemoryBoundaryTable : TableAir
{
    /// <summary>Main columns; the final access timestamp comes first.</summary>
    public const int FinalTs = 0, Space = 1, Address = 2, ValueIn = 3, ValueOut = 4, Real = 5, Width = 6;

    public override string Name => "memory-boundary";
    public override int MainWidth => Width;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    // Real is boolean, so each public tuple is taken by exactly one row and rows without one count for nothing.
    public override IReadOnlyList<int> RowDegrees { get; } = [2];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r) => r[0] = c[Real] * (c[Real] - T.One);

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        Interaction.Send(VmBus.Memory, Real, Space, Address, ValueIn, LinearExpression.Const(0)),
        Interaction.Receive(VmBus.Memory, Real, Space, Address, ValueOut, FinalTs),
        Interaction.Receive(VmBus.MemoryBoundary, Real, Space, Address, ValueIn, ValueOut),
    ];

    /// <summary>One (space, address, value in, value out) per register and per RAM word of the public inputs.</summary>
    public override IReadOnlyList<PublicInteraction> PublicInteractions(ReadOnlySpan<ulong> publicInputs)
    {
        var (regs, words, count, _, _) = SegmentBoundary.PublicLayout(publicInputs);
        if (publicInputs[regs] != 0 || publicInputs[regs + 32] != 0) throw new ArgumentException("segment public inputs: x0 must start and end at 0");
        var terms = new PublicInteraction[32 + count];
        for (int r = 0; r < 32; r++)
            terms[r] = PublicInteraction.Send(VmBus.MemoryBoundary, 1, VmBus.RegisterSpace, (ulong)r, publicInputs[regs + r], publicInputs[regs + 32 + r]);
        for (int i = 0; i < count; i++)
        {
            int at = words + 3 * i;
            terms[32 + i] = PublicInteraction.Send(VmBus.MemoryBoundary, 1, VmBus.RamSpace, publicInputs[at], publicInputs[at + 1], publicInputs[at + 2]);
        }
        return terms;
    }

    /// <summary>The rows: registers, then the boundary's RAM words in order, with their final timestamps; zero padding.</summary>
    public static ulong[][] Trace(SegmentBoundary boundary, IReadOnlyList<ulong> finalTs)
    {
        int rows = 32 + boundary.MemoryIn.Length, height = 2;
        while (height < rows) height <<= 1;
        var cols = new ulong[Width][];
        for (int c = 0; c < Width; c++) cols[c] = new ulong[height];
        for (int r = 0; r < rows; r++)
        {
            bool reg = r < 32;
            cols[FinalTs][r] = finalTs[r];
            cols[Space][r] = reg ? VmBus.RegisterSpace : VmBus.RamSpace;
            cols[Address][r] = reg ? (ulong)r : boundary.MemoryIn[r - 32].Address;
            cols[ValueIn][r] = reg ? boundary.StartRegisters[r] : boundary.MemoryIn[r - 32].Value;
            cols[ValueOut][r] = reg ? boundary.EndRegisters[r] : boundary.MemoryOut[r - 32].Value;
            cols[Real][r] = 1;
        }
        return cols;
    }
}
