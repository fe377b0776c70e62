using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// SLL, SRL, SRA. The amount s comes from b = s + 32·q (q range-checked) and pow = 2^s from the byte table.
/// SLL: a·pow = P2·2^32 + P1 with P1 = c; SRL/SRA: a = P1·pow + P2 with P2 &lt; pow, c = P1 + fill, where
/// fill·pow = msb(a)·2^32·(pow − 1) for SRA (the sign bits shifted in) and 0 otherwise. P1 &lt; 2^32, P2 &lt; 2^31.
/// </summary>
public sealed class ShiftTable : TableAir
{
    public const int IsReal = 0, IsSll = 1, IsSrl = 2, IsSra = 3, A = 4, B = 5, C = 6, S = 7, QLo = 8, QHi = 9, Pow = 10,
        P1Lo = 11, P1Hi = 12, P2Lo = 13, P2Hi = 14, TLo = 15, THi = 16, AMsb = 17, ARestLo = 18, ARestHi = 19, Fill = 20, Width = 21;

    public override string Name => "shift";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<int> RowDegrees { get; } = [2, 2, 2, 2, 2, 1, 1, 1, 3, 3, 2, 3, 1];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One, two16 = T.FromBase(1 << 16), two31 = T.FromBase(1UL << 31), two32 = T.FromBase(1UL << 32);
        int k = 0;
        foreach (var b in (ReadOnlySpan<int>)[IsReal, IsSll, IsSrl, IsSra, AMsb]) r[k++] = c[b] * (c[b] - one);
        r[k++] = c[IsSll] + c[IsSrl] + c[IsSra] - one;
        r[k++] = c[B] - c[S] - T.FromBase(32) * (c[QLo] + two16 * c[QHi]);
        r[k++] = c[A] - two31 * c[AMsb] - c[ARestLo] - two16 * c[ARestHi];
        T p1 = c[P1Lo] + two16 * c[P1Hi], p2 = c[P2Lo] + two16 * c[P2Hi], right = c[IsSrl] + c[IsSra];
        r[k++] = c[IsSll] * (c[A] * c[Pow] - two32 * p2 - p1);
        r[k++] = right * (c[A] - p1 * c[Pow] - p2);
        r[k++] = right * (c[Pow] - one - p2 - c[TLo] - two16 * c[THi]);
        r[k++] = c[Fill] * c[Pow] - c[IsSra] * c[AMsb] * two32 * (c[Pow] - one);
        r[k] = c[C] - p1 - c[Fill];
    }

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        AluReceive(OneHot((IsSll, AluOp.Sll), (IsSrl, AluOp.Srl), (IsSra, AluOp.Sra)), A, B, C),
        Interaction.Send(VmBus.Byte, Const(1), Const(ByteOp.Pow), Col(S), Const(0), Col(Pow)),
        U16(QLo), U16(Scaled(QHi, 32)), U16(ARestLo), U16(Scaled(ARestHi, 2)),
        U16(P1Lo), U16(P1Hi), U16(P2Lo), U16(Scaled(P2Hi, 2)), U16(TLo), U16(THi),
    ];

    internal static void Write(ulong[] row, ulong op, uint a, uint b)
    {
        int s = (int)(b & 31);
        ulong pow = 1UL << s;
        uint q = b >> 5;
        row[IsSll] = op == AluOp.Sll ? 1u : 0;
        row[IsSrl] = op == AluOp.Srl ? 1u : 0;
        row[IsSra] = op == AluOp.Sra ? 1u : 0;
        row[A] = a;
        row[B] = b;
        row[C] = AluOp.Compute(op, a, b);
        row[S] = (ulong)s;
        row[QLo] = q & 0xffff;
        row[QHi] = q >> 16;
        row[Pow] = pow;
        row[AMsb] = a >> 31;
        row[ARestLo] = a & 0xffff;
        row[ARestHi] = (a >> 16) & 0x7fff;
        ulong p1, p2, t = 0, fill = 0;
        if (op == AluOp.Sll)
        {
            ulong prod = (ulong)a << s;
            p1 = prod & 0xffff_ffff;
            p2 = prod >> 32;
        }
        else
        {
            p1 = a >> s;
            p2 = a & (pow - 1);
            t = pow - 1 - p2;
            if (op == AluOp.Sra && (a >> 31) != 0) fill = (1UL << 32) - (1UL << (32 - s));
        }
        row[P1Lo] = p1 & 0xffff;
        row[P1Hi] = p1 >> 16;
        row[P2Lo] = p2 & 0xffff;
        row[P2Hi] = p2 >> 16;
        row[TLo] = t & 0xffff;
        row[THi] = t >> 16;
        row[Fill] = fill;
    }
}
