using Wsc.Zk.Air;
using static Wsc.Zk.Vm.Air.ChipInteractions;

namespace Wsc.Zk.Vm.Air;

/// <summary>
/// Keccak-f[1600], one row per round, 24 rows per permutation (the layout of Plonky3's keccak-air, which SP1 uses).
/// A row holds the round's input state A as 32-bit limbs, theta's column parities C and C' = C ⊕ D as bits, the state
/// A' = A ⊕ D as bits (rho and pi are fixed rotations and moves of these bits, so B needs no columns), the chi output
/// A'' as limbs, and iota on lane (0, 0) through its bits. One-hot step flags select the round constant and the rows
/// where a permutation starts (it receives its input state on <see cref="VmBus.KeccakState"/>, tag 0) and ends
/// (it sends the output, tag 1), both keyed by (clk, block) of the sponge that asked.
/// </summary>
public sealed class KeccakPermutationTable : TableAir
{
    public const int Limbs = 2, LimbBits = 32;

    public const int IsReal = 0, Clk = 1, Block = 2, InMult = 3, OutMult = 4, Step0 = 5;
    public const int A0 = Step0 + KeccakRound.Rounds;
    public const int C0 = A0 + 25 * Limbs;
    public const int CPrime0 = C0 + 5 * 64;
    public const int APrime0 = CPrime0 + 5 * 64;
    public const int APP0 = APrime0 + 25 * 64;
    public const int APP00Bits = APP0 + 25 * Limbs;
    public const int APPP00 = APP00Bits + 64;
    public const int Width = APPP00 + Limbs;

    /// <summary>Tags of the two tuples a permutation exchanges on the state bus.</summary>
    public const ulong InputTag = 0, OutputTag = 1;

    private const int LastStep = KeccakRound.Rounds - 1;

    public static int A(int lane, int limb) => A0 + Limbs * lane + limb;

    public static int C(int x, int z) => C0 + 64 * x + z;

    public static int CPrime(int x, int z) => CPrime0 + 64 * x + z;

    public static int APrime(int lane, int z) => APrime0 + 64 * lane + z;

    public static int APP(int lane, int limb) => APP0 + Limbs * lane + limb;

    /// <summary>Bit z of B[x, y] = rot(A'[x', y'], rho[x', y']) where pi moves (x', y') to (y', 2x' + 3y').</summary>
    private static int B(int x, int y, int z)
    {
        int sx = (x + 3 * y) % 5, sy = x;
        return APrime(sx + 5 * sy, (z + 64 - KeccakRound.Rho[sx, sy]) % 64);
    }

    /// <summary>Round constant bits, [round, bit].</summary>
    private static readonly bool[,] RcBits = BuildRcBits();

    private static bool[,] BuildRcBits()
    {
        var bits = new bool[KeccakRound.Rounds, 64];
        for (int r = 0; r < KeccakRound.Rounds; r++)
        {
            for (int z = 0; z < 64; z++) bits[r, z] = ((KeccakRound.RoundConstants[r] >> z) & 1) == 1;
        }
        return bits;
    }

    public override string Name => "keccak-f";
    public override int MainWidth => Width;
    public override int InteractionsPerAuxColumn => 2;

    public override IReadOnlyList<int> TransitionDegrees { get; } = [.. Enumerable.Repeat(1, KeccakRound.Rounds), .. Enumerable.Repeat(2, 3 + 25 * Limbs)];

    public override void EvaluateTransition<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> n, ReadOnlySpan<T> periodic, Span<T> r)
    {
        int k = 0;
        for (int s = 0; s < KeccakRound.Rounds; s++) r[k++] = n[Step0 + (s + 1) % KeccakRound.Rounds] - c[Step0 + s];
        T more = T.One - c[Step0 + LastStep];
        r[k++] = more * (n[IsReal] - c[IsReal]);
        r[k++] = more * (n[Clk] - c[Clk]);
        r[k++] = more * (n[Block] - c[Block]);
        for (int lane = 0; lane < 25; lane++)
        {
            for (int l = 0; l < Limbs; l++) r[k++] = more * (n[A(lane, l)] - Output(c, lane, l));
        }
    }

    /// <summary>The round's output limb: A'' with lane (0, 0) after iota.</summary>
    private static T Output<T>(ReadOnlySpan<T> c, int lane, int limb) where T : struct, Field.IFieldElement<T> =>
        lane == 0 ? c[APPP00 + limb] : c[APP(lane, limb)];

    public override IReadOnlyList<int> RowDegrees { get; } =
    [
        2, 2, 2,
        .. Enumerable.Repeat(2, 5 * 64), .. Enumerable.Repeat(3, 5 * 64), .. Enumerable.Repeat(2, 25 * 64),
        .. Enumerable.Repeat(3, 25 * Limbs), .. Enumerable.Repeat(3, 5 * 64), .. Enumerable.Repeat(3, 25 * Limbs),
        .. Enumerable.Repeat(2, 64), .. Enumerable.Repeat(1, Limbs), .. Enumerable.Repeat(2, Limbs),
    ];

    private static T Xor<T>(T a, T b) where T : struct, Field.IFieldElement<T> => a + b - T.FromBase(2) * a * b;

    public override void EvaluateRow<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> periodic, Span<T> r)
    {
        T one = T.One, two = T.FromBase(2), four = T.FromBase(4);
        int k = 0;
        r[k++] = c[IsReal] * (c[IsReal] - one);
        r[k++] = c[InMult] - c[IsReal] * c[Step0];
        r[k++] = c[OutMult] - c[IsReal] * c[Step0 + LastStep];
        for (int x = 0; x < 5; x++)
        {
            for (int z = 0; z < 64; z++) r[k++] = c[C(x, z)] * (c[C(x, z)] - one);
        }
        // C'[x, z] = C[x, z] ⊕ C[x − 1, z] ⊕ C[x + 1, z − 1].
        for (int x = 0; x < 5; x++)
        {
            for (int z = 0; z < 64; z++)
                r[k++] = c[CPrime(x, z)] - Xor(Xor(c[C(x, z)], c[C((x + 4) % 5, z)]), c[C((x + 1) % 5, (z + 63) % 64)]);
        }
        for (int lane = 0; lane < 25; lane++)
        {
            for (int z = 0; z < 64; z++) r[k++] = c[APrime(lane, z)] * (c[APrime(lane, z)] - one);
        }
        // A = A' ⊕ D and D = C ⊕ C', limb by limb (the bits of A are not stored).
        for (int lane = 0; lane < 25; lane++)
        {
            int x = lane % 5;
            for (int l = 0; l < Limbs; l++)
            {
                T acc = T.Zero;
                for (int z = LimbBits * (l + 1) - 1; z >= LimbBits * l; z--)
                    acc = acc + acc + Xor(Xor(c[APrime(lane, z)], c[C(x, z)]), c[CPrime(x, z)]);
                r[k++] = c[A(lane, l)] - acc;
            }
        }
        // ⊕_y A'[x, y] = C'[x]: the column sum minus C' is 0, 2 or 4. With A = A' ⊕ D this makes C A's true column parity.
        for (int x = 0; x < 5; x++)
        {
            for (int z = 0; z < 64; z++)
            {
                T diff = c[APrime(x, z)] + c[APrime(x + 5, z)] + c[APrime(x + 10, z)] + c[APrime(x + 15, z)] + c[APrime(x + 20, z)] - c[CPrime(x, z)];
                r[k++] = diff * (diff - two) * (diff - four);
            }
        }
        // A''[x, y] = B[x, y] ⊕ (¬B[x + 1, y] ∧ B[x + 2, y]).
        for (int y = 0; y < 5; y++)
        {
            for (int x = 0; x < 5; x++)
            {
                for (int l = 0; l < Limbs; l++)
                {
                    T acc = T.Zero;
                    for (int z = LimbBits * (l + 1) - 1; z >= LimbBits * l; z--)
                    {
                        T andn = (one - c[B((x + 1) % 5, y, z)]) * c[B((x + 2) % 5, y, z)];
                        acc = acc + acc + Xor(c[B(x, y, z)], andn);
                    }
                    r[k++] = c[APP(x + 5 * y, l)] - acc;
                }
            }
        }
        for (int z = 0; z < 64; z++) r[k++] = c[APP00Bits + z] * (c[APP00Bits + z] - one);
        for (int l = 0; l < Limbs; l++)
        {
            T acc = T.Zero;
            for (int z = LimbBits * (l + 1) - 1; z >= LimbBits * l; z--) acc = acc + acc + c[APP00Bits + z];
            r[k++] = c[APP(0, l)] - acc;
        }
        // iota: the round constant's bit z is Σ step_r · RC_r[z].
        for (int l = 0; l < Limbs; l++)
        {
            T acc = T.Zero;
            for (int z = LimbBits * (l + 1) - 1; z >= LimbBits * l; z--)
            {
                T rc = T.Zero;
                for (int s = 0; s < KeccakRound.Rounds; s++)
                    if (RcBits[s, z]) rc += c[Step0 + s];
                acc = acc + acc + Xor(c[APP00Bits + z], rc);
            }
            r[k++] = c[APPP00 + l] - acc;
        }
    }

    public override IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
        [.. Enumerable.Range(0, KeccakRound.Rounds).Select(s => new BoundaryConstraint(Step0 + s, BoundaryRow.First, s == 0 ? 1UL : 0UL))];

    public override IReadOnlyList<Interaction> Interactions { get; } =
    [
        Interaction.Receive(VmBus.KeccakState, Col(InMult),
            [Const(InputTag), Col(Clk), Col(Block), .. Enumerable.Range(0, 25 * Limbs).Select(i => Col(A0 + i))]),
        Interaction.Send(VmBus.KeccakState, Col(OutMult),
            [Const(OutputTag), Col(Clk), Col(Block), .. Enumerable.Range(0, 25 * Limbs).Select(i => Col(i < Limbs ? APPP00 + i : APP0 + i))]),
    ];

    /// <summary>
    /// Writes the rows of rounds `firstRound`.. of one permutation whose state entering `firstRound` is `input`, from
    /// row `start` (at most `rows` of them: the table may end inside a padding permutation); returns the output state.
    /// </summary>
    public static ulong[] Write(ulong[][] cols, int start, ReadOnlySpan<ulong> input, bool real, ulong clk, ulong block, int rows = KeccakRound.Rounds, int firstRound = 0)
    {
        var a = input.ToArray();
        for (int s = firstRound; s < firstRound + rows && s < KeccakRound.Rounds; s++)
        {
            int row = start + s - firstRound;
            var m = KeccakRound.Round(a, s);
            cols[IsReal][row] = real ? 1UL : 0;
            cols[Clk][row] = clk;
            cols[Block][row] = block;
            cols[InMult][row] = real && s == 0 ? 1UL : 0;
            cols[OutMult][row] = real && s == LastStep ? 1UL : 0;
            cols[Step0 + s][row] = 1;
            for (int lane = 0; lane < 25; lane++)
            {
                for (int l = 0; l < Limbs; l++)
                {
                    cols[A(lane, l)][row] = (a[lane] >> (LimbBits * l)) & 0xffffffff;
                    cols[APP(lane, l)][row] = (m.APrimePrime[lane] >> (LimbBits * l)) & 0xffffffff;
                }
                for (int z = 0; z < 64; z++) cols[APrime(lane, z)][row] = (m.APrime[lane] >> z) & 1;
            }
            for (int x = 0; x < 5; x++)
            {
                for (int z = 0; z < 64; z++)
                {
                    cols[C(x, z)][row] = (m.C[x] >> z) & 1;
                    cols[CPrime(x, z)][row] = (m.CPrime[x] >> z) & 1;
                }
            }
            for (int z = 0; z < 64; z++) cols[APP00Bits + z][row] = (m.APrimePrime[0] >> z) & 1;
            for (int l = 0; l < Limbs; l++) cols[APPP00 + l][row] = (m.Output[0] >> (LimbBits * l)) & 0xffffffff;
            a = m.Output;
        }
        return a;
    }

    /// <summary>
    /// The table's trace: the permutations of `inputs` (real, keyed by clk and block), then permutations of the zero
    /// state (not real) up to a power-of-two height.
    /// </summary>
    public static ulong[][] Trace(IReadOnlyList<(ulong Clk, ulong Block, ulong[] Input)> inputs)
    {
        int real = KeccakRound.Rounds * inputs.Count, height = 2;
        while (height < real) height <<= 1;
        var cols = new ulong[Width][];
        for (int c = 0; c < Width; c++) cols[c] = new ulong[height];
        int row = 0;
        foreach (var (clk, block, input) in inputs)
        {
            Write(cols, row, input, true, clk, block);
            row += KeccakRound.Rounds;
        }
        var zero = new ulong[25];
        for (; row < height; row += KeccakRound.Rounds) Write(cols, row, zero, false, 0, 0, Math.Min(KeccakRound.Rounds, height - row));
        return cols;
    }
}
