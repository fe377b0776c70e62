using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>ADD and SUB: a + b = c + 2^32·carry (SUB: c + b = a + 2^32·borrow), c as two range-checked 16-bit limbs.</summary>
public sealed class AddSubTable : TableAir
{
    public const int IsReal = 0, IsAdd = 1, IsSub = 2, A = 3, B = 4, C = 5, CLo = 6, CHi = 7, Carry = 8, Width = 9;

    public override string Name => "add-sub";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<int> RowDegrees { get; } = [2, 2, 2, 2, 1, 1, 2];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One, two32 = T.FromBase(1UL << 32);
        r[0] = c[IsReal] * (c[IsReal] - one);
        r[1] = c[IsAdd] * (c[IsAdd] - one);
        r[2] = c[IsSub] * (c[IsSub] - one);
        r[3] = c[Carry] * (c[Carry] - one);
        r[4] = c[IsAdd] + c[IsSub] - one;
        r[5] = c[C] - c[CLo] - T.FromBase(1 << 16) * c[CHi];
        r[6] = c[IsAdd] * (c[A] + c[B] - c[C] - two32 * c[Carry]) + c[IsSub] * (c[C] + c[B] - c[A] - two32 * c[Carry]);
    }

    public override IReadOnlyList<Interaction> Interactions { get; } =
        [AluReceive(OneHot((IsAdd, AluOp.Add), (IsSub, AluOp.Sub)), A, B, C), U16(CLo), U16(CHi)];

    internal static void Write(ulong[] row, ulong op, uint a, uint b)
    {
        uint c = AluOp.Compute(op, a, b);
        row[IsAdd] = op == AluOp.Add ? 1u : 0;
        row[IsSub] = op == AluOp.Sub ? 1u : 0;
        row[A] = a;
        row[B] = b;
        row[C] = c;
        row[CLo] = c & 0xffff;
        row[CHi] = c >> 16;
        row[Carry] = op == AluOp.Add ? ((ulong)a + b) >> 32 : (a < b ? 1u : 0);
    }
}
