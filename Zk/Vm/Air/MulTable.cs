using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// MUL, MULH, MULHSU, MULHU: the low 64 bits of the product of the operands sign-extended to 64 bits (as the op says),
/// computed over 16-bit limbs: column k: Σ_(i+j=k) a_i·b_j + carry_(k−1) = r_k + 2^16·carry_k, limbs range-checked,
/// carries &lt; 2^19. c is r0 + 2^16·r1 for MUL, r2 + 2^16·r3 otherwise.
/// </summary>
public sealed class MulTable : TableAir
{
    public const int IsReal = 0, IsMul = 1, IsMulh = 2, IsMulhsu = 3, IsMulhu = 4, A = 5, B = 6, C = 7, A0 = 8, A1 = 9, B0 = 10, B1 = 11,
        AMsb = 12, BMsb = 13, SA = 14, SB = 15, R0 = 16, K0 = 20, Width = 28;

    public override string Name => "mul";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<int> RowDegrees { get; } = [2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One, two16 = T.FromBase(1 << 16), ones = T.FromBase(0xffff);
        int k = 0;
        foreach (var b in (ReadOnlySpan<int>)[IsReal, IsMul, IsMulh, IsMulhsu, IsMulhu, AMsb, BMsb]) r[k++] = c[b] * (c[b] - one);
        r[k++] = c[IsMul] + c[IsMulh] + c[IsMulhsu] + c[IsMulhu] - one;
        r[k++] = c[A] - c[A0] - two16 * c[A1];
        r[k++] = c[B] - c[B0] - two16 * c[B1];
        r[k++] = c[SA] - c[AMsb] * (c[IsMulh] + c[IsMulhsu]);
        r[k++] = c[SB] - c[BMsb] * c[IsMulh];
        T a2 = ones * c[SA], b2 = ones * c[SB];
        T k0 = Carry(c, 0), k1 = Carry(c, 1), k2 = Carry(c, 2), k3 = Carry(c, 3);
        r[k++] = c[A0] * c[B0] - c[R0] - two16 * k0;
        r[k++] = c[A0] * c[B1] + c[A1] * c[B0] + k0 - c[R0 + 1] - two16 * k1;
        r[k++] = c[A0] * b2 + c[A1] * c[B1] + a2 * c[B0] + k1 - c[R0 + 2] - two16 * k2;
        r[k++] = c[A0] * b2 + c[A1] * b2 + a2 * c[B1] + a2 * c[B0] + k2 - c[R0 + 3] - two16 * k3;
        r[k] = c[C] - c[IsMul] * (c[R0] + two16 * c[R0 + 1]) - (one - c[IsMul]) * (c[R0 + 2] + two16 * c[R0 + 3]);
    }

    private static T Carry<T>(ReadOnlySpan<T> c, int k) where T : struct, Field.IFieldElement<T> =>
        c[K0 + 2 * k] + T.FromBase(1 << 16) * c[K0 + 2 * k + 1];

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        AluReceive(OneHot((IsMul, AluOp.Mul), (IsMulh, AluOp.Mulh), (IsMulhsu, AluOp.Mulhsu), (IsMulhu, AluOp.Mulhu)), A, B, C),
        U16(A0), U16(A1), U16(B0), U16(B1),
        U16(LinearExpression.Combination(0, (A1, 2), (AMsb, Field.Goldilocks.Neg(1UL << 16)))),
        U16(LinearExpression.Combination(0, (B1, 2), (BMsb, Field.Goldilocks.Neg(1UL << 16)))),
        U16(R0), U16(R0 + 1), U16(R0 + 2), U16(R0 + 3),
        .. Enumerable.Range(0, 4).SelectMany(k => new[] { U16(K0 + 2 * k), U16(Scaled(K0 + 2 * k + 1, 1 << 13)) }),
    ];

    internal static void Write(ulong[] row, ulong op, uint a, uint b)
    {
        row[IsMul] = op == AluOp.Mul ? 1u : 0;
        row[IsMulh] = op == AluOp.Mulh ? 1u : 0;
        row[IsMulhsu] = op == AluOp.Mulhsu ? 1u : 0;
        row[IsMulhu] = op == AluOp.Mulhu ? 1u : 0;
        row[A] = a;
        row[B] = b;
        row[C] = AluOp.Compute(op, a, b);
        ulong sa = (op is AluOp.Mulh or AluOp.Mulhsu) ? a >> 31 : 0, sb = op == AluOp.Mulh ? b >> 31 : 0;
        row[A0] = a & 0xffff;
        row[A1] = a >> 16;
        row[B0] = b & 0xffff;
        row[B1] = b >> 16;
        row[AMsb] = a >> 31;
        row[BMsb] = b >> 31;
        row[SA] = sa;
        row[SB] = sb;
        ulong[] al = [a & 0xffff, a >> 16, 0xffff * sa, 0xffff * sa], bl = [b & 0xffff, b >> 16, 0xffff * sb, 0xffff * sb];
        ulong carry = 0;
        for (int k = 0; k < 4; k++)
        {
            ulong col = carry;
            for (int i = 0; i <= k; i++) col += al[i] * bl[k - i];
            row[R0 + k] = col & 0xffff;
            carry = col >> 16;
            row[K0 + 2 * k] = carry & 0xffff;
            row[K0 + 2 * k + 1] = carry >> 16;
        }
    }
}
