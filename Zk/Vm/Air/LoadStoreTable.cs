using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// Loads and stores: address = base + offset − 2^32·carry (rs1 and the immediate, from the CPU), address = 4·w + 2·o1 + o0 (w &lt; 2^30, alignment by kind), the word before and after as
/// range-checked bytes, byte/half selection with sign extension through the selected part's top bit, and the stored
/// value's low bytes merged into the word. Consumes and produces the RAM record at timestamp 4·clk + 2.
/// </summary>
public sealed class LoadStoreTable(MemoryRegions regions) : TableAir
{
    public const int IsReal = 0, Lb = 1, Lh = 2, Lw = 3, Lbu = 4, Lhu = 5, Sb = 6, Sh = 7, Sw = 8, Addr = 9, Clk = 10, Value = 11,
        O0 = 12, O1 = 13, WLo = 14, WHi = 15, BB0 = 16, AB0 = 20, S0 = 24, SelByte = 28, Sign8 = 29, Low7 = 30, Half = 31,
        Sign16 = 32, Low15 = 33, V0 = 34, V1 = 35, VHi = 36, PrevTs = 37, TLo = 38, THi = 39,
        InStack = 40, R1Lo = 41, R1Hi = 42, R2Lo = 43, R2Hi = 44,
        Base = 45, Offset = 46, Carry = 47, Width = 48;

    private static readonly (int Column, ulong Kind)[] Kinds =
    [
        (Lb, LoadStoreKind.Lb), (Lh, LoadStoreKind.Lh), (Lw, LoadStoreKind.Lw), (Lbu, LoadStoreKind.Lbu), (Lhu, LoadStoreKind.Lhu),
        (Sb, LoadStoreKind.Sb), (Sh, LoadStoreKind.Sh), (Sw, LoadStoreKind.Sw),
    ];

    private static readonly int[] Bools = [IsReal, Lb, Lh, Lw, Lbu, Lhu, Sb, Sh, Sw, O0, O1, Sign8, Sign16, Carry];

    public override string Name => "load-store";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;
    public override IReadOnlyList<int> TransitionDegrees { get; } = [];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result)
    {
    }

    public override IReadOnlyList<int> RowDegrees { get; } =
        [.. Enumerable.Repeat(2, Bools.Length), 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 1, 2, 1, 2, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 2];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One, b8 = T.FromBase(256), two16 = T.FromBase(1 << 16);
        int k = 0;
        foreach (var b in Bools) r[k++] = c[b] * (c[b] - one);
        r[k++] = c[Lb] + c[Lh] + c[Lw] + c[Lbu] + c[Lhu] + c[Sb] + c[Sh] + c[Sw] - one;
        // The address is the u32 sum rs1 + imm: both are u32s and the address below is one, so the carry is unique.
        r[k++] = c[Addr] - c[Base] - c[Offset] + T.FromBase(1UL << 32) * c[Carry];
        r[k++] = c[Addr] - WordAddress(c) - T.FromBase(2) * c[O1] - c[O0];
        r[k++] = (c[Lw] + c[Sw]) * (c[O0] + c[O1]);
        r[k++] = (c[Lh] + c[Lhu] + c[Sh]) * c[O0];
        r[k++] = c[S0] - (one - c[O0]) * (one - c[O1]);
        r[k++] = c[S0 + 1] - c[O0] * (one - c[O1]);
        r[k++] = c[S0 + 2] - (one - c[O0]) * c[O1];
        r[k++] = c[S0 + 3] - c[O0] * c[O1];
        r[k++] = c[SelByte] - (c[S0] * c[BB0] + c[S0 + 1] * c[BB0 + 1] + c[S0 + 2] * c[BB0 + 2] + c[S0 + 3] * c[BB0 + 3]);
        r[k++] = c[SelByte] - T.FromBase(128) * c[Sign8] - c[Low7];
        r[k++] = c[Half] - c[S0] * (c[BB0] + b8 * c[BB0 + 1]) - c[S0 + 2] * (c[BB0 + 2] + b8 * c[BB0 + 3]);
        r[k++] = c[Half] - T.FromBase(1 << 15) * c[Sign16] - c[Low15];
        T before = Word(c, BB0), after = Word(c, AB0);
        T loads = c[Lb] + c[Lh] + c[Lw] + c[Lbu] + c[Lhu];
        r[k++] = loads * c[Value] - (c[Lw] * before + c[Lbu] * c[SelByte] + c[Lb] * (c[SelByte] + T.FromBase(0xffff_ff00) * c[Sign8])
            + c[Lhu] * c[Half] + c[Lh] * (c[Half] + T.FromBase(0xffff_0000) * c[Sign16]));
        r[k++] = c[Value] - c[V0] - b8 * c[V1] - two16 * c[VHi];
        for (int i = 0; i < 4; i++) r[k++] = loads * (c[AB0 + i] - c[BB0 + i]);
        r[k++] = c[Sw] * (after - c[Value]);
        for (int i = 0; i < 4; i++) r[k++] = c[Sb] * (c[AB0 + i] - c[BB0 + i] - c[S0 + i] * (c[V0] - c[BB0 + i]));
        for (int i = 0; i < 4; i++)
        {
            int sel = i < 2 ? S0 : S0 + 2, v = i % 2 == 0 ? V0 : V1;
            r[k++] = c[Sh] * (c[AB0 + i] - c[BB0 + i] - c[sel] * (c[v] - c[BB0 + i]));
        }
        r[k++] = c[IsReal] * (T.FromBase(4) * c[Clk] + one - c[PrevTs] - c[TLo] - two16 * c[THi]);

        // Permissions: the address lies in the stack or in [low, HeapEnd), low = ImageStart for loads, WritableStart for stores.
        T stores = c[Sb] + c[Sh] + c[Sw];
        T low = c[InStack] * T.FromBase(regions.StackStart)
            + (one - c[InStack]) * (T.FromBase(regions.ImageStart) + stores * T.FromBase(regions.WritableStart - regions.ImageStart));
        T high = c[InStack] * T.FromBase(regions.MemoryTop) + (one - c[InStack]) * T.FromBase(regions.HeapEnd);
        r[k++] = c[InStack] * (c[InStack] - one);
        r[k++] = c[IsReal] * (c[Addr] - low - c[R1Lo] - two16 * c[R1Hi]);
        r[k] = c[IsReal] * (high - one - c[Addr] - c[R2Lo] - two16 * c[R2Hi]);
    }

    private static T WordAddress<T>(ReadOnlySpan<T> c) where T : struct, Field.IFieldElement<T> =>
        T.FromBase(4) * c[WLo] + T.FromBase(1 << 18) * c[WHi];

    private static T Word<T>(ReadOnlySpan<T> c, int first) where T : struct, Field.IFieldElement<T> =>
        c[first] + T.FromBase(1 << 8) * c[first + 1] + T.FromBase(1 << 16) * c[first + 2] + T.FromBase(1 << 24) * c[first + 3];

    private static LinearExpression WordExpr(int first) =>
        LinearExpression.Combination(0, (first, 1), (first + 1, 1 << 8), (first + 2, 1 << 16), (first + 3, 1 << 24));

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        Interaction.Receive(VmBus.LoadStore, Col(IsReal), OneHot(Kinds), Col(Base), Col(Offset), Col(Value), Col(Clk)),
        Interaction.Receive(VmBus.Memory, Col(IsReal), Const(VmBus.RamSpace), LinearExpression.Combination(0, (WLo, 4), (WHi, 1 << 18)), WordExpr(BB0), Col(PrevTs)),
        Interaction.Send(VmBus.Memory, Col(IsReal), Const(VmBus.RamSpace), LinearExpression.Combination(0, (WLo, 4), (WHi, 1 << 18)), WordExpr(AB0),
            LinearExpression.Combination(2, (Clk, 4))),
        U16(WLo), U16(Scaled(WHi, 4)), U8Pair(BB0, BB0 + 1), U8Pair(BB0 + 2, BB0 + 3), U8Pair(AB0, AB0 + 1), U8Pair(AB0 + 2, AB0 + 3),
        U16(Scaled(Low7, 512)), U16(Scaled(Low15, 2)), U8Pair(V0, V1), U16(VHi), U16(TLo), U16(THi),
        U16(R1Lo), U16(R1Hi), U16(R2Lo), U16(R2Hi),
    ];

    /// <summary>
    /// The region columns of a real access (an address outside both regions gets the wrapped differences, which no
    /// 16-bit limbs can match: the row then breaks its constraint).
    /// </summary>
    internal static void WriteRegion(ulong[] row, MemoryRegions regions, ulong kind, uint addr)
    {
        bool stack = addr >= regions.StackStart;
        bool store = !LoadStoreKind.IsLoad(kind);
        uint d1 = addr - (stack ? regions.StackStart : regions.Low(store));
        uint d2 = (stack ? regions.MemoryTop : regions.HeapEnd) - 1 - addr;
        row[InStack] = stack ? 1u : 0;
        row[R1Lo] = d1 & 0xffff;
        row[R1Hi] = d1 >> 16;
        row[R2Lo] = d2 & 0xffff;
        row[R2Hi] = d2 >> 16;
    }

    /// <summary>Writes a real access (or, with kind Lw and zeros, a padding row).</summary>
    internal static void Write(ulong[] row, ulong kind, uint @base, uint offset, uint value, ulong clk, uint before, uint after, ulong prevTs)
    {
        foreach (var (col, k) in Kinds) row[col] = k == kind ? 1u : 0;
        uint addr = @base + offset;
        row[Base] = @base;
        row[Offset] = offset;
        row[Carry] = (ulong)@base + offset >> 32;
        row[Addr] = addr;
        row[Clk] = clk;
        row[Value] = value;
        uint o = addr & 3, w = addr >> 2;
        row[O0] = o & 1;
        row[O1] = o >> 1;
        row[WLo] = w & 0xffff;
        row[WHi] = w >> 16;
        for (int i = 0; i < 4; i++)
        {
            row[BB0 + i] = (before >> (8 * i)) & 255;
            row[AB0 + i] = (after >> (8 * i)) & 255;
            row[S0 + i] = o == i ? 1u : 0;
        }
        uint sel = (before >> (int)(8 * o)) & 255;
        row[SelByte] = sel;
        row[Sign8] = sel >> 7;
        row[Low7] = sel & 127;
        uint half = o == 0 ? before & 0xffff : o == 2 ? before >> 16 : 0;
        row[Half] = half;
        row[Sign16] = half >> 15;
        row[Low15] = half & 0x7fff;
        row[V0] = value & 255;
        row[V1] = (value >> 8) & 255;
        row[VHi] = value >> 16;
        row[PrevTs] = prevTs;
        ulong d = 4 * clk + 1 - prevTs;
        row[TLo] = d & 0xffff;
        row[THi] = d >> 16;
    }
}
