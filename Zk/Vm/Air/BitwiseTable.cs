using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>AND, OR, XOR: a, b, c as four bytes each; each byte triple is one byte-table lookup of the operation.</summary>
public sealed class BitwiseTable : TableAir
{
    public const int IsReal = 0, IsAnd = 1, IsOr = 2, IsXor = 3, A = 4, B = 5, C = 6, A0 = 7, B0 = 11, C0 = 15, Width = 19;

    public override string Name => "bitwise";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<int> RowDegrees { get; } = [2, 2, 2, 2, 1, 1, 1, 1];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One;
        r[0] = c[IsReal] * (c[IsReal] - one);
        r[1] = c[IsAnd] * (c[IsAnd] - one);
        r[2] = c[IsOr] * (c[IsOr] - one);
        r[3] = c[IsXor] * (c[IsXor] - one);
        r[4] = c[IsAnd] + c[IsOr] + c[IsXor] - one;
        r[5] = c[A] - Compose(c, A0);
        r[6] = c[B] - Compose(c, B0);
        r[7] = c[C] - Compose(c, C0);
    }

    private static T Compose<T>(ReadOnlySpan<T> c, int first) where T : struct, Field.IFieldElement<T> =>
        c[first] + T.FromBase(1 << 8) * c[first + 1] + T.FromBase(1 << 16) * c[first + 2] + T.FromBase(1 << 24) * c[first + 3];

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        AluReceive(OneHot((IsAnd, AluOp.And), (IsOr, AluOp.Or), (IsXor, AluOp.Xor)), A, B, C),
        .. Enumerable.Range(0, 4).Select(i => Interaction.Send(VmBus.Byte, Const(1),
            OneHot((IsAnd, ByteOp.And), (IsOr, ByteOp.Or), (IsXor, ByteOp.Xor)), Col(A0 + i), Col(B0 + i), Col(C0 + i))),
    ];

    internal static void Write(ulong[] row, ulong op, uint a, uint b)
    {
        uint c = AluOp.Compute(op, a, b);
        row[IsAnd] = op == AluOp.And ? 1u : 0;
        row[IsOr] = op == AluOp.Or ? 1u : 0;
        row[IsXor] = op == AluOp.Xor ? 1u : 0;
        row[A] = a;
        row[B] = b;
        row[C] = c;
        for (int i = 0; i < 4; i++)
        {
            row[A0 + i] = (a >> (8 * i)) & 255;
            row[B0 + i] = (b >> (8 * i)) & 255;
            row[C0 + i] = (c >> (8 * i)) & 255;
        }
    }
}
