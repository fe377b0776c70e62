using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// DIV, DIVU, REM, REMU: q·b + r = a over 64-bit sign-extended 16-bit limbs with carries (as in <see cref="MulTable"/>),
/// |r| &lt; |b| and sign(r) = sign(a) unless r = 0. b = 0 forces q = 2^32 − 1 (and r = a through the product); the signed
/// overflow −2^31 / −1 is a flagged row pinned to q = −2^31, r = 0. c is q for DIV/DIVU, r for REM/REMU.
/// </summary>
public sealed class DivRemTable : TableAir
{
    public const int IsReal = 0, IsDiv = 1, IsDivu = 2, IsRem = 3, IsRemu = 4, A = 5, B = 6, C = 7, Q = 8, R = 9,
        A0 = 10, B0 = 12, Q0 = 14, R0 = 16, AMsb = 18, BMsb = 19, QMsb = 20, RMsb = 21, AN = 22, BN = 23, QN = 24, RN = 25,
        BZero = 26, BInv = 27, Ovf = 28, AbsB = 29, AbsR = 30, DLo = 31, DHi = 32, K0 = 33, Width = 41;

    public override string Name => "div-rem";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    private static readonly int[] Bools = [IsReal, IsDiv, IsDivu, IsRem, IsRemu, AMsb, BMsb, QMsb, RMsb, BZero, Ovf];

    public override IReadOnlyList<int> RowDegrees { get; } =
        [.. Enumerable.Repeat(2, Bools.Length), 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 2];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One, two16 = T.FromBase(1 << 16), two31 = T.FromBase(1UL << 31), two32 = T.FromBase(1UL << 32), ones = T.FromBase(0xffff);
        T max = T.FromBase(0xffff_ffff);
        int k = 0;
        foreach (var b in Bools) r[k++] = c[b] * (c[b] - one);
        r[k++] = c[IsDiv] + c[IsDivu] + c[IsRem] + c[IsRemu] - one;
        r[k++] = c[A] - c[A0] - two16 * c[A0 + 1];
        r[k++] = c[B] - c[B0] - two16 * c[B0 + 1];
        r[k++] = c[Q] - c[Q0] - two16 * c[Q0 + 1];
        r[k++] = c[R] - c[R0] - two16 * c[R0 + 1];
        T signed = c[IsDiv] + c[IsRem];
        r[k++] = c[AN] - c[AMsb] * signed;
        r[k++] = c[BN] - c[BMsb] * signed;
        r[k++] = c[QN] - c[QMsb] * signed;
        r[k++] = c[RN] - c[RMsb] * signed;
        // b = 0 exactly when it has no inverse; then q is all ones.
        r[k++] = c[B] * c[BInv] - (one - c[BZero]);
        r[k++] = c[B] * c[BZero];
        r[k++] = c[BZero] * (c[Q] - max);
        // Signed overflow: only −2^31 / −1, with q = −2^31 and r = 0.
        r[k++] = c[Ovf] * (one - signed);
        r[k++] = c[Ovf] * (c[A] - two31);
        r[k++] = c[Ovf] * (c[B] - max);
        r[k++] = c[Ovf] * (c[Q] - two31);
        r[k++] = c[Ovf] * c[R];
        // |r| < |b| (unless b = 0), and a non-zero remainder has the dividend's sign.
        r[k++] = c[AbsB] - c[B] - c[BN] * (two32 - c[B] - c[B]);
        r[k++] = c[AbsR] - c[R] - c[RN] * (two32 - c[R] - c[R]);
        r[k++] = (one - c[BZero]) * (c[AbsB] - c[AbsR] - one - c[DLo] - two16 * c[DHi]);
        r[k++] = (c[RN] - c[AN]) * c[R];
        // q·b + r = a modulo 2^64 over sign-extended limbs (skipped for the overflow row, pinned above).
        T q2 = ones * c[QN], b2 = ones * c[BN], r2 = ones * c[RN], a2 = ones * c[AN];
        T k0 = Carry(c, 0), k1 = Carry(c, 1), k2 = Carry(c, 2), k3 = Carry(c, 3), live = one - c[Ovf];
        r[k++] = live * (c[Q0] * c[B0] + c[R0] - c[A0] - two16 * k0);
        r[k++] = live * (c[Q0] * c[B0 + 1] + c[Q0 + 1] * c[B0] + c[R0 + 1] + k0 - c[A0 + 1] - two16 * k1);
        r[k++] = live * (c[Q0] * b2 + c[Q0 + 1] * c[B0 + 1] + q2 * c[B0] + r2 + k1 - a2 - two16 * k2);
        r[k++] = live * (c[Q0] * b2 + c[Q0 + 1] * b2 + q2 * c[B0 + 1] + q2 * c[B0] + r2 + k2 - a2 - two16 * k3);
        r[k] = c[C] - (c[IsDiv] + c[IsDivu]) * c[Q] - (c[IsRem] + c[IsRemu]) * c[R];
    }

    private static T Carry<T>(ReadOnlySpan<T> c, int k) where T : struct, Field.IFieldElement<T> =>
        c[K0 + 2 * k] + T.FromBase(1 << 16) * c[K0 + 2 * k + 1];

    private static Interaction Msb(int hiLimb, int msb) =>
        U16(LinearExpression.Combination(0, (hiLimb, 2), (msb, Field.Goldilocks.Neg(1UL << 16))));

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        AluReceive(OneHot((IsDiv, AluOp.Div), (IsDivu, AluOp.Divu), (IsRem, AluOp.Rem), (IsRemu, AluOp.Remu)), A, B, C),
        U16(A0), U16(A0 + 1), U16(B0), U16(B0 + 1), U16(Q0), U16(Q0 + 1), U16(R0), U16(R0 + 1),
        Msb(A0 + 1, AMsb), Msb(B0 + 1, BMsb), Msb(Q0 + 1, QMsb), Msb(R0 + 1, RMsb),
        U16(DLo), U16(DHi),
        .. Enumerable.Range(0, 4).SelectMany(k => new[] { U16(K0 + 2 * k), U16(Scaled(K0 + 2 * k + 1, 1 << 13)) }),
    ];

    internal static void Write(ulong[] row, ulong op, uint a, uint b)
    {
        bool signed = op is AluOp.Div or AluOp.Rem;
        bool ovf = signed && a == 0x8000_0000u && b == uint.MaxValue;
        uint q = AluOp.Compute(signed ? AluOp.Div : AluOp.Divu, a, b), r = AluOp.Compute(signed ? AluOp.Rem : AluOp.Remu, a, b);
        row[IsDiv] = op == AluOp.Div ? 1u : 0;
        row[IsDivu] = op == AluOp.Divu ? 1u : 0;
        row[IsRem] = op == AluOp.Rem ? 1u : 0;
        row[IsRemu] = op == AluOp.Remu ? 1u : 0;
        row[A] = a;
        row[B] = b;
        row[C] = AluOp.Compute(op, a, b);
        row[Q] = q;
        row[R] = r;
        uint[] words = [a, b, q, r];
        int[] firsts = [A0, B0, Q0, R0];
        for (int i = 0; i < 4; i++)
        {
            row[firsts[i]] = words[i] & 0xffff;
            row[firsts[i] + 1] = words[i] >> 16;
            row[AMsb + i] = words[i] >> 31;
            row[AN + i] = signed ? words[i] >> 31 : 0;
        }
        row[BZero] = b == 0 ? 1u : 0;
        row[BInv] = b == 0 ? 0 : Field.Goldilocks.Inverse(b);
        row[Ovf] = ovf ? 1u : 0;
        ulong absB = signed && (b >> 31) != 0 ? (1UL << 32) - b : b, absR = signed && (r >> 31) != 0 ? (1UL << 32) - r : r;
        row[AbsB] = absB;
        row[AbsR] = absR;
        ulong d = b == 0 ? 0 : absB - absR - 1;
        row[DLo] = d & 0xffff;
        row[DHi] = d >> 16;
        if (!ovf)
        {
            ulong sq = row[QN], sbn = row[BN], sr = row[RN], sa = row[AN];
            ulong[] ql = [q & 0xffff, q >> 16, 0xffff * sq, 0xffff * sq], bl = [b & 0xffff, b >> 16, 0xffff * sbn, 0xffff * sbn];
            ulong[] rl = [r & 0xffff, r >> 16, 0xffff * sr, 0xffff * sr], al = [a & 0xffff, a >> 16, 0xffff * sa, 0xffff * sa];
            ulong carry = 0;
            for (int k = 0; k < 4; k++)
            {
                ulong col = carry + rl[k];
                for (int i = 0; i <= k; i++) col += ql[i] * bl[k - i];
                // col = a_k + 2^16·carry: the low limb matches a's by construction (q·b + r ≡ a).
                carry = (col - al[k]) >> 16;
                row[K0 + 2 * k] = carry & 0xffff;
                row[K0 + 2 * k + 1] = carry >> 16;
            }
        }
    }
}
