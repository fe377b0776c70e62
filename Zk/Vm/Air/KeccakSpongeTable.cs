using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The keccak-256 sponge of each keccak ECALL: one absorb row per 136-byte rate block, then one squeeze row. The first
/// absorb row answers the CPU's call (clk, 0, a0, len) on <see cref="VmBus.KeccakCall"/>, reads a2 (the digest buffer)
/// from the register file, range-checks both buffers as the executor does, and asks the keccak memory table for the
/// input words (kind 1) and the digest words (kind 2). Absorb row k receives the previous permutation's output (zero on
/// the first row), takes the message bytes 136k.. from the memory table (each byte it does not take is zero), adds the
/// keccak padding (0x01 at the length, 0x80 on the block's last byte of the final block), XORs the rate through the
/// byte table and sends the result with the capacity to the permutation table. The squeeze row receives the last
/// permutation's output and hands its first 32 bytes, the digest, to the memory table to be written.
/// </summary>
public sealed class KeccakSpongeTable(MemoryRegions regions) : TableAir
{
    public const int RateBytes = 136, RateLanes = 17, CapacityLimbs = 16, DigestBytes = 32;

    public const int IsAbsorb = 0, IsSqueeze = 1, First = 2, Cont = 3, Clk = 4, Block = 5, Len = 6, Ptr = 7, OutPtr = 8;
    public const int NZ = 9, LenInv = 10, A2Ts = 11, A2Lo = 12, A2Hi = 13;
    public const int InStack = 14, InE1Lo = 15, InE1Hi = 16, InE2Lo = 17, InE2Hi = 18;
    public const int OutStack = 19, OutE1Lo = 20, OutE1Hi = 21, OutE2Lo = 22, OutE2Hi = 23;
    public const int Msg0 = 24, Pad0 = Msg0 + RateBytes, S0 = Pad0 + RateBytes, Cap0 = S0 + RateBytes, X0 = Cap0 + CapacityLimbs;
    public const int Width = X0 + RateBytes;

    /// <summary>Kinds of the tuples on <see cref="VmBus.KeccakCall"/> and <see cref="VmBus.KeccakByte"/>.</summary>
    public const ulong CallKind = 0, InputKind = 1, DigestKind = 2;

    /// <summary>The register a2 (digest buffer) is read from, at timestamp 4·clk + 2 like a1.</summary>
    public const ulong A2 = 12;

    public override string Name => "keccak-sponge";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;

    public override IReadOnlyList<int> TransitionDegrees { get; } = [2, 2, 2, 2, 2, 2, 2, 2, 2];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> n, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One;
        T cont = n[Cont];
        r[0] = cont * (n[Clk] - c[Clk]);
        r[1] = cont * (n[Len] - c[Len]);
        r[2] = cont * (n[Ptr] - c[Ptr]);
        r[3] = cont * (n[OutPtr] - c[OutPtr]);
        r[4] = cont * (n[Block] - c[Block] - one);
        // A continuation follows an absorb row; a non-final absorb row is followed by a continuing absorb row; a final
        // one by the squeeze row.
        r[5] = cont * (one - c[IsAbsorb]);
        T notFinal = c[IsAbsorb] - Final(c);
        r[6] = notFinal * (one - n[IsAbsorb]);
        r[7] = notFinal * n[First];
        r[8] = Final(c) * (one - n[IsSqueeze]);
    }

    private static T Final<T>(ReadOnlySpan<T> c) where T : struct, Field.IFieldElement<T>
    {
        T f = T.Zero;
        for (int i = 0; i < RateBytes; i++) f += c[Pad0 + i];
        return f;
    }

    private static readonly int[] Bools = [IsAbsorb, IsSqueeze, First, NZ, InStack, OutStack, .. Enumerable.Range(Pad0, RateBytes)];

    public override IReadOnlyList<int> RowDegrees { get; } =
    [
        .. Enumerable.Repeat(2, Bools.Length), 2, 1, 2, 2, 2, 2, .. Enumerable.Repeat(2, RateBytes), 2,
        .. Enumerable.Repeat(2, RateBytes + CapacityLimbs), 3, 3, 2, 2, 2, 2, 2, 2,
    ];

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One, two16 = T.FromBase(1 << 16);
        int k = 0;
        foreach (var b in Bools) r[k++] = c[b] * (c[b] - one);
        r[k++] = c[IsAbsorb] * c[IsSqueeze];
        r[k++] = c[Cont] - c[IsAbsorb] - c[IsSqueeze] + c[First];
        r[k++] = c[First] * (one - c[IsAbsorb]);
        r[k++] = c[First] * c[Block];
        T final = Final(c);
        r[k++] = final * (final - one);
        r[k++] = final * (one - c[IsAbsorb]);
        // Bytes at or past the padding position are not message bytes: zero.
        T past = T.Zero;
        T padAt = T.Zero;
        for (int i = 0; i < RateBytes; i++)
        {
            past += c[Pad0 + i];
            padAt += T.FromBase((ulong)i) * c[Pad0 + i];
            r[k++] = past * c[Msg0 + i];
        }
        // The final block pads at the length.
        r[k++] = final * (c[Len] - T.FromBase(RateBytes) * c[Block] - padAt);
        // The first block starts from the zero state.
        for (int i = 0; i < RateBytes; i++) r[k++] = c[First] * c[S0 + i];
        for (int i = 0; i < CapacityLimbs; i++) r[k++] = c[First] * c[Cap0 + i];
        // len ≠ 0 ⇔ nz (only an input of bytes asks the memory table for words).
        r[k++] = c[First] * (c[Len] * c[LenInv] - c[NZ]);
        r[k++] = c[First] * c[Len] * (one - c[NZ]);
        r[k++] = c[NZ] * (one - c[First]);
        // a2 is read after its previous access (timestamp 4·clk + 2).
        r[k++] = c[First] * (T.FromBase(4) * c[Clk] + one - c[A2Ts] - c[A2Lo] - two16 * c[A2Hi]);
        // [a0, a0 + len) readable, [a2, a2 + 32) writable: in the stack or in the image/heap region.
        T inLow = c[InStack] * T.FromBase(regions.StackStart) + (one - c[InStack]) * T.FromBase(regions.ImageStart);
        T inHigh = c[InStack] * T.FromBase(regions.MemoryTop) + (one - c[InStack]) * T.FromBase(regions.HeapEnd);
        T outLow = c[OutStack] * T.FromBase(regions.StackStart) + (one - c[OutStack]) * T.FromBase(regions.WritableStart);
        T outHigh = c[OutStack] * T.FromBase(regions.MemoryTop) + (one - c[OutStack]) * T.FromBase(regions.HeapEnd);
        r[k++] = c[First] * (c[Ptr] - inLow - c[InE1Lo] - two16 * c[InE1Hi]);
        r[k++] = c[First] * (inHigh - c[Ptr] - c[Len] - c[InE2Lo] - two16 * c[InE2Hi]);
        r[k++] = c[First] * (c[OutPtr] - outLow - c[OutE1Lo] - two16 * c[OutE1Hi]);
        r[k] = c[First] * (outHigh - c[OutPtr] - T.FromBase(DigestBytes) - c[OutE2Lo] - two16 * c[OutE2Hi]);
    }

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
        [new(Cont, BoundaryRow.First, 0), new(IsAbsorb, BoundaryRow.Last, 0)];

    public override IReadOnlyList<Interaction> Interactions { get; } = BuildInteractions();

    /// <summary>Σ 256^j · byte_j over the four bytes of 32-bit limb `limb` from byte column `first`.</summary>
    private static LinearExpression Limb(int first, int limb) =>
        LinearExpression.Combination(0, [.. Enumerable.Range(0, 4).Select(j => (first + 4 * limb + j, 1UL << (8 * j)))]);

    private static List<Interaction> BuildInteractions()
    {
        var first = Col(First);
        var list = new List<Interaction>
        {
            Interaction.Receive(VmBus.KeccakCall, first, Col(Clk), Const(CallKind), Col(Ptr), Col(Len)),
            Interaction.Send(VmBus.KeccakCall, Col(NZ), Col(Clk), Const(InputKind), Col(Ptr), Col(Len)),
            Interaction.Send(VmBus.KeccakCall, first, Col(Clk), Const(DigestKind), Col(OutPtr), Const(DigestBytes)),
            Interaction.Receive(VmBus.Memory, first, Const(VmBus.RegisterSpace), Const(A2), Col(OutPtr), Col(A2Ts)),
            Interaction.Send(VmBus.Memory, first, Const(VmBus.RegisterSpace), Const(A2), Col(OutPtr), LinearExpression.Combination(2, (Clk, 4))),
            U16(A2Lo), U16(A2Hi), U16(InE1Lo), U16(InE1Hi), U16(InE2Lo), U16(InE2Hi), U16(OutE1Lo), U16(OutE1Hi), U16(OutE2Lo), U16(OutE2Hi),
            // Previous state in, absorbed state out (the capacity passes through).
            Interaction.Receive(VmBus.KeccakState, Col(Cont),
                [Const(KeccakPermutationTable.OutputTag), Col(Clk), LinearExpression.Combination(F(-1), (Block, 1)),
                    .. Enumerable.Range(0, 2 * RateLanes).Select(l => Limb(S0, l)), .. Enumerable.Range(0, CapacityLimbs).Select(l => Col(Cap0 + l))]),
            Interaction.Send(VmBus.KeccakState, Col(IsAbsorb),
                [Const(KeccakPermutationTable.InputTag), Col(Clk), Col(Block),
                    .. Enumerable.Range(0, 2 * RateLanes).Select(l => Limb(X0, l)), .. Enumerable.Range(0, CapacityLimbs).Select(l => Col(Cap0 + l))]),
        };
        for (int i = 0; i < RateBytes; i++)
        {
            // Taken while absorbing and before the padding position: is_absorb − Σ_{j ≤ i} pad_j.
            var take = LinearExpression.Combination(0, [(IsAbsorb, 1), .. Enumerable.Range(0, i + 1).Select(j => (Pad0 + j, F(-1)))]);
            list.Add(Interaction.Receive(VmBus.KeccakByte, take, Col(Clk), Const(InputKind), LinearExpression.Combination((ulong)i, (Block, RateBytes)), Col(Msg0 + i)));
            var padded = i == RateBytes - 1
                ? LinearExpression.Combination(0, [(Msg0 + i, 1), (Pad0 + i, 1), .. Enumerable.Range(0, RateBytes).Select(j => (Pad0 + j, 0x80UL))])
                : LinearExpression.Combination(0, (Msg0 + i, 1), (Pad0 + i, 1));
            list.Add(Interaction.Send(VmBus.Byte, Col(IsAbsorb), Const(ByteOp.Xor), Col(S0 + i), padded, Col(X0 + i)));
        }
        for (int i = 0; i < DigestBytes; i++)
            list.Add(Interaction.Receive(VmBus.KeccakByte, Col(IsSqueeze), Col(Clk), Const(DigestKind), Const((ulong)i), Col(S0 + i)));
        return list;
    }

    /// <summary>Writes the rows of one keccak call: absorb rows for the padded blocks, then the squeeze row; returns the permutation inputs.</summary>
    internal static List<(ulong Clk, ulong Block, ulong[] Input)> Write(List<ulong[]> rows, MemoryRegions regions, ulong clk, uint ptr, byte[] message, uint outPtr, ulong a2Ts)
    {
        var perms = new List<(ulong, ulong, ulong[])>();
        var state = new ulong[25];
        var blocks = KeccakRound.Blocks(message);
        for (int k = 0; k <= blocks.Count; k++)
        {
            var row = new ulong[Width];
            row[Clk] = clk;
            row[Block] = (ulong)k;
            row[Len] = (ulong)message.Length;
            row[Ptr] = ptr;
            row[OutPtr] = outPtr;
            row[Cont] = k == 0 ? 0UL : 1;
            for (int i = 0; i < RateBytes; i++) row[S0 + i] = (state[i / 8] >> (8 * (i % 8))) & 255;
            for (int l = 0; l < CapacityLimbs; l++) row[Cap0 + l] = (state[RateLanes + l / 2] >> (32 * (l % 2))) & 0xffffffff;
            if (k == blocks.Count)
            {
                row[IsSqueeze] = 1;
                rows.Add(row);
                break;
            }
            row[IsAbsorb] = 1;
            if (k == 0)
            {
                row[First] = 1;
                uint len = (uint)message.Length;
                row[NZ] = len != 0 ? 1UL : 0;
                row[LenInv] = len != 0 ? Field.Goldilocks.Inverse(len) : 0;
                row[A2Ts] = a2Ts;
                ulong d = 4 * clk + 1 - a2Ts;
                row[A2Lo] = d & 0xffff;
                row[A2Hi] = d >> 16;
                Range(row, InStack, ptr, len, regions.ImageStart, regions);
                Range(row, OutStack, outPtr, DigestBytes, regions.WritableStart, regions);
            }
            int from = k * RateBytes;
            for (int i = 0; i < RateBytes && from + i < message.Length; i++) row[Msg0 + i] = message[from + i];
            if (k == blocks.Count - 1) row[Pad0 + message.Length - from] = 1;
            var block = blocks[k];
            for (int i = 0; i < RateBytes; i++) row[X0 + i] = row[S0 + i] ^ block[i];
            for (int i = 0; i < RateLanes; i++) state[i] ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(8 * i));
            perms.Add((clk, (ulong)k, (ulong[])state.Clone()));
            KeccakRound.Permute(state);
            rows.Add(row);
        }
        return perms;
    }

    /// <summary>The stack flag and the two 16-bit-limb gaps of a buffer [a, a + len) inside its region.</summary>
    private static void Range(ulong[] row, int stackColumn, uint a, uint len, uint low, MemoryRegions regions)
    {
        bool stack = a >= regions.StackStart;
        ulong e1 = (uint)(a - (stack ? regions.StackStart : low));
        ulong e2 = (uint)((stack ? regions.MemoryTop : regions.HeapEnd) - a - len);
        row[stackColumn] = stack ? 1UL : 0;
        row[stackColumn + 1] = e1 & 0xffff;
        row[stackColumn + 2] = e1 >> 16;
        row[stackColumn + 3] = e2 & 0xffff;
        row[stackColumn + 4] = e2 >> 16;
    }
}
