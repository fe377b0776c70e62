using Wsc.Zk.Air;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The program's text as preprocessed columns (pc, flags, rd, rs1, rs2, imm, op: the ALU op or the load-store kind), one row per
/// instruction word, plus a multiplicity column: the CPU can only execute instructions of this image.
/// </summary>
public sealed class ProgramTable : TableAir
{
    public const int Pc = 0, Flags = 1, Rd = 2, Rs1 = 3, Rs2 = 4, Imm = 5, Op = 6, Width = 7;

    /// <summary>Frame index of the multiplicity (main column 0).</summary>
    public const int Multiplicity = Width;

    private readonly ProgramImage image;
    private readonly int logHeight;

    public ProgramTable(ProgramImage image)
    {
        this.image = image;
        logHeight = 1;
        while ((1 << logHeight) < image.Words.Length) logHeight++;
    }

    public override string Name => "program";
    public override int MainWidth => 1;
    public override int PreprocessedWidth => Width;
    public override int? FixedLogHeight => logHeight;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<Interaction> Interactions { get; } =
        [Interaction.Receive(VmBus.Program, Multiplicity, Pc, Flags, Rd, Rs1, Rs2, Imm, Op)];

    /// <summary>Row index of an instruction address.</summary>
    public int RowOf(uint pc) => (int)((pc - image.TextStart) / 4);

    public override ulong[][] GeneratePreprocessed(int height)
    {
        var cols = new ulong[Width][];
        for (int c = 0; c < Width; c++) cols[c] = new ulong[height];
        for (int i = 0; i < image.Words.Length; i++)
        {
            uint pc = image.TextStart + 4u * (uint)i;
            var e = ProgramEntry.Decode(image.Words[i], pc);
            cols[Pc][i] = pc;
            cols[Flags][i] = e.Flags;
            cols[Rd][i] = e.Rd;
            cols[Rs1][i] = e.Rs1;
            cols[Rs2][i] = e.Rs2;
            cols[Imm][i] = e.ImmCell;
            cols[Op][i] = e.Op;
        }
        // Padding rows stay zero: flags 0 cannot be fetched by a real CPU row (it needs exactly one class flag).
        return cols;
    }
}
