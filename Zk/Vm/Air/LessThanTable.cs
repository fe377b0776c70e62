using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// SLT and SLTU (also branch comparisons): A − B + 2^32·c ∈ [0, 2^32) where A, B are the operands, with the sign bit
/// flipped for SLT (each operand = msb·2^31 + a range-checked 31-bit rest). c is then a &lt; b.
/// </summary>
public sealed class LessThanTable : TableAir
{
    public const int IsReal = 0, IsSlt = 1, IsSltu = 2, A = 3, B = 4, C = 5, AMsb = 6, ARestLo = 7, ARestHi = 8,
        BMsb = 9, BRestLo = 10, BRestHi = 11, DLo = 12, DHi = 13, Width = 14;

    public override string Name => "less-than";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<int> RowDegrees { get; } = [2, 2, 2, 2, 2, 2, 1, 1, 1, 2];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One, two16 = T.FromBase(1 << 16), two31 = T.FromBase(1UL << 31), two32 = T.FromBase(1UL << 32);
        int k = 0;
        foreach (var b in (ReadOnlySpan<int>)[IsReal, IsSlt, IsSltu, C, AMsb, BMsb]) r[k++] = c[b] * (c[b] - one);
        r[k++] = c[IsSlt] + c[IsSltu] - one;
        r[k++] = c[A] - two31 * c[AMsb] - c[ARestLo] - two16 * c[ARestHi];
        r[k++] = c[B] - two31 * c[BMsb] - c[BRestLo] - two16 * c[BRestHi];
        T a = c[A] + c[IsSlt] * (two31 - two32 * c[AMsb]);
        T b2 = c[B] + c[IsSlt] * (two31 - two32 * c[BMsb]);
        r[k] = a - b2 + two32 * c[C] - c[DLo] - two16 * c[DHi];
    }

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        AluReceive(OneHot((IsSlt, AluOp.Slt), (IsSltu, AluOp.Sltu)), A, B, C),
        U16(ARestLo), U16(Scaled(ARestHi, 2)), U16(BRestLo), U16(Scaled(BRestHi, 2)), U16(DLo), U16(DHi),
    ];

    internal static void Write(ulong[] row, ulong op, uint a, uint b)
    {
        bool signed = op == AluOp.Slt;
        uint c = AluOp.Compute(op, a, b);
        row[IsSlt] = signed ? 1u : 0;
        row[IsSltu] = signed ? 0 : 1u;
        row[A] = a;
        row[B] = b;
        row[C] = c;
        row[AMsb] = a >> 31;
        row[ARestLo] = a & 0xffff;
        row[ARestHi] = (a >> 16) & 0x7fff;
        row[BMsb] = b >> 31;
        row[BRestLo] = b & 0xffff;
        row[BRestHi] = (b >> 16) & 0x7fff;
        uint flip = signed ? 0x8000_0000u : 0;
        uint d = (a ^ flip) - (b ^ flip); // A − B + 2^32·c, modulo 2^32
        row[DLo] = d & 0xffff;
        row[DHi] = d >> 16;
    }
}
