using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The memory words a keccak ECALL reads (its input, kind 1) and writes (the 32-byte digest, kind 2): one row per word,
/// grouped per buffer exactly as <see cref="IoTable"/> groups a transfer (the first row answers the sponge's request
/// (clk, kind, buffer, count) on <see cref="VmBus.KeccakCall"/>, the words are consecutive and cover the buffer, one-hot
/// offsets select its bytes). Every word goes through the memory bus (input words read at 4·clk + 1 and left as they
/// were, digest words written at 4·clk + 2), and every byte in range is handed to the sponge on
/// <see cref="VmBus.KeccakByte"/> as (clk, kind, position in the buffer, byte after the access): input bytes are what
/// the sponge absorbs, digest bytes must be what it squeezes.
/// </summary>
public sealed class KeccakMemoryTable : TableAir
{
    public const int IsReal = 0, IsIn = 1, IsOut = 2, First = 3, Last = 4, FR = 5, Clk = 6, WLo = 7, WHi = 8, Buf = 9, Count = 10,
        Pos = 11, Acc = 12, PrevTs = 13, TLo = 14, THi = 15, BB0 = 16, AB0 = 20, In0 = 24, L0 = 28, H0 = 32, X0 = 36, Width = 40;

    private static readonly int[] Bools =
        [IsReal, IsIn, IsOut, First, Last, In0, In0 + 1, In0 + 2, In0 + 3, L0, L0 + 1, L0 + 2, L0 + 3, H0, H0 + 1, H0 + 2, H0 + 3];

    public override string Name => "keccak-memory";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;

    public override IReadOnlyList<int> TransitionDegrees { get; } = [1, 2, 2, 2, 2, 2, 2, 2];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> n, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T same = T.One - n[First];
        r[0] = c[Last] - n[First];
        r[1] = same * (n[Clk] - c[Clk]);
        r[2] = same * (WordAddress(n) - WordAddress(c) - T.FromBase(4));
        r[3] = same * (n[Buf] - c[Buf]);
        r[4] = same * (n[Count] - c[Count]);
        r[5] = same * (n[IsIn] - c[IsIn]);
        r[6] = same * (n[IsReal] - c[IsReal]);
        r[7] = same * (n[Acc] - c[Acc] - InCount(n));
    }

    public override IReadOnlyList<int> RowDegrees { get; } =
        [.. Enumerable.Repeat(2, Bools.Length), 1, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 1, .. Enumerable.Repeat(2, 12), 2, 3, 2];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One;
        int k = 0;
        foreach (var b in Bools) r[k++] = c[b] * (c[b] - one);
        r[k++] = c[IsIn] + c[IsOut] - c[IsReal];
        r[k++] = c[FR] - c[First] * c[IsReal];
        r[k++] = c[L0] + c[L0 + 1] + c[L0 + 2] + c[L0 + 3] - one;
        r[k++] = c[H0] + c[H0 + 1] + c[H0 + 2] + c[H0 + 3] - one;
        for (int i = 0; i < 4; i++)
        {
            T from = T.Zero, to = T.Zero;
            for (int j = 0; j <= i; j++) from += c[L0 + j];
            for (int j = i; j < 4; j++) to += c[H0 + j];
            r[k++] = c[In0 + i] - from * to;
        }
        r[k++] = (one - c[First]) * (one - c[L0]);
        r[k++] = (one - c[Last]) * (one - c[H0 + 3]);
        T start = c[L0 + 1] + T.FromBase(2) * c[L0 + 2] + T.FromBase(3) * c[L0 + 3];
        T end = c[H0 + 1] + T.FromBase(2) * c[H0 + 2] + T.FromBase(3) * c[H0 + 3];
        r[k++] = c[FR] * (WordAddress(c) + start - c[Buf]);
        r[k++] = c[Last] * c[IsReal] * (WordAddress(c) + end - c[Buf] - c[Count] + one);
        r[k++] = c[Pos] - WordAddress(c) + c[Buf];
        for (int i = 0; i < 4; i++)
        {
            r[k++] = c[X0 + i] - c[In0 + i] * c[IsReal];
            // Bytes outside the buffer keep their value; an input word keeps all of them.
            r[k++] = (one - c[In0 + i]) * (c[AB0 + i] - c[BB0 + i]);
            r[k++] = c[IsIn] * (c[AB0 + i] - c[BB0 + i]);
        }
        r[k++] = c[First] * (c[Acc] - InCount(c));
        r[k++] = c[Last] * c[IsReal] * (c[Acc] - c[Count]);
        // The access comes after the word's previous one: at 4·clk + 1 (input) or 4·clk + 2 (digest).
        r[k] = c[IsReal] * (T.FromBase(4) * c[Clk] + c[IsOut] - c[PrevTs] - c[TLo] - T.FromBase(1 << 16) * c[THi]);
    }

    private static T InCount<T>(ReadOnlySpan<T> c) where T : struct, Field.IFieldElement<T> => c[In0] + c[In0 + 1] + c[In0 + 2] + c[In0 + 3];

    private static T WordAddress<T>(ReadOnlySpan<T> c) where T : struct, Field.IFieldElement<T> =>
        T.FromBase(4) * c[WLo] + T.FromBase(1 << 18) * c[WHi];

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
        [new(First, BoundaryRow.First, 1), new(Last, BoundaryRow.Last, 1)];

    private static LinearExpression WordExpr(int first) =>
        LinearExpression.Combination(0, (first, 1), (first + 1, 1 << 8), (first + 2, 1 << 16), (first + 3, 1 << 24));

    private static readonly LinearExpression Address = LinearExpression.Combination(0, (WLo, 4), (WHi, 1 << 18));

    private static readonly LinearExpression Kind = OneHot((IsIn, KeccakSpongeTable.InputKind), (IsOut, KeccakSpongeTable.DigestKind));

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        Interaction.Receive(VmBus.KeccakCall, Col(FR), Col(Clk), Kind, Col(Buf), Col(Count)),
        Interaction.Receive(VmBus.Memory, Col(IsReal), Const(VmBus.RamSpace), Address, WordExpr(BB0), Col(PrevTs)),
        Interaction.Send(VmBus.Memory, Col(IsReal), Const(VmBus.RamSpace), Address, WordExpr(AB0), LinearExpression.Combination(1, (Clk, 4), (IsOut, 1))),
        .. Enumerable.Range(0, 4).Select(i => Interaction.Send(VmBus.KeccakByte, Col(X0 + i), Col(Clk), Kind, LinearExpression.Combination((ulong)i, (Pos, 1)), Col(AB0 + i))),
        U16(WLo), U16(Scaled(WHi, 4)), U8Pair(BB0, BB0 + 1), U8Pair(BB0 + 2, BB0 + 3), U8Pair(AB0, AB0 + 1), U8Pair(AB0 + 2, AB0 + 3), U16(TLo), U16(THi),
    ];

    /// <summary>A padding row: a closed group of nothing (first and last, offsets 0..3, no memory or byte traffic).</summary>
    internal static void WritePadding(ulong[] row)
    {
        row[First] = row[Last] = 1;
        row[L0] = row[H0 + 3] = 1;
        for (int i = 0; i < 4; i++) row[In0 + i] = 1;
        row[Acc] = 4;
    }

    /// <summary>One word of a buffer: `first`/`last` of its group, offsets of the bytes in range, bytes before and after.</summary>
    internal static void Write(ulong[] row, bool input, bool first, bool last, ulong clk, uint wordAddr, uint buf, uint count,
        int from, int to, ulong acc, uint before, uint after, ulong prevTs)
    {
        row[IsReal] = 1;
        row[IsIn] = input ? 1u : 0;
        row[IsOut] = input ? 0 : 1u;
        row[First] = first ? 1u : 0;
        row[Last] = last ? 1u : 0;
        row[FR] = first ? 1u : 0;
        row[Clk] = clk;
        row[WLo] = (wordAddr >> 2) & 0xffff;
        row[WHi] = wordAddr >> 18;
        row[Buf] = buf;
        row[Count] = count;
        row[Pos] = F((long)wordAddr - buf);
        row[Acc] = acc;
        row[PrevTs] = prevTs;
        ulong d = 4 * clk + (input ? 0UL : 1) - prevTs;
        row[TLo] = d & 0xffff;
        row[THi] = d >> 16;
        row[L0 + from] = 1;
        row[H0 + to] = 1;
        for (int i = 0; i < 4; i++)
        {
            row[BB0 + i] = (before >> (8 * i)) & 255;
            row[AB0 + i] = (after >> (8 * i)) & 255;
            bool inRange = i >= from && i <= to;
            row[In0 + i] = inRange ? 1u : 0;
            row[X0 + i] = inRange ? 1u : 0;
        }
    }
}
