using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Poly;

namespace Wsc.Zk.Stark;

/// <summary>
/// Columns extended to the LDE domain H_M (M = blowup·N) and their Merkle commitment over whole rows.
/// Storage is coset-major: chunk c holds the coset ω_M^c·H_N in natural order, so natural position
/// k = c + blowup·i lives at [c·N + i]; Merkle leaves are in natural position order. Chunk 0 is the trace
/// domain itself, so a full-height column needs no transform there (the quotient is evaluated off H_N).
/// </summary>
public sealed class LdeMatrix
{
    private readonly int _logN;
    private readonly int _logB;

    public ulong[][] Columns { get; }

    public MerkleTree Tree { get; }

    public int Width => Columns.Length;

    private LdeMatrix(ulong[][] columns, int logN, int logB)
    {
        Columns = columns;
        _logN = logN;
        _logB = logB;
        int m = 1 << (logN + logB), b = 1 << logB;
        Tree = MerkleTree.Commit(m, columns.Length, (start, count, dest) =>
        {
            int w = columns.Length;
            for (int j = 0; j < w; j++)
            {
                var col = columns[j];
                for (int r = 0; r < count; r++)
                {
                    int k = start + r;
                    dest[r * w + j] = col[((k & (b - 1)) << logN) | (k >> logB)];
                }
            }
        });
    }

    /// <summary>The coset shifts ω_M^c of the chunks.</summary>
    public static ulong[] Shifts(int logN, int logB)
    {
        ulong w = Goldilocks.RootOfUnity(logN + logB);
        var s = new ulong[1 << logB];
        ulong x = 1;
        for (int c = 0; c < s.Length; c++)
        {
            s[c] = x;
            x = Goldilocks.Mul(x, w);
        }
        return s;
    }

    /// <summary>Extends trace columns (each a power-of-two height ≤ 2^logN) and commits them.</summary>
    public static LdeMatrix FromEvaluations(IReadOnlyList<ulong[]> columns, int logN, int logB)
    {
        var shifts = Shifts(logN, logB);
        int m = 1 << (logN + logB);
        var lde = new ulong[columns.Count][];
        Parallel.For(0, columns.Count, () => new ulong[1 << logN], (j, _, scratch) =>
        {
            var dst = GC.AllocateUninitializedArray<ulong>(m);
            Ntt.LowDegreeExtend(columns[j], shifts, logN, dst, scratch);
            lde[j] = dst;
            return scratch;
        }, _ => { });
        return new LdeMatrix(lde, logN, logB);
    }

    /// <summary>Evaluates polynomials given by natural-order coefficients (≤ 2^logN each) and commits them.</summary>
    public static LdeMatrix FromCoefficients(IReadOnlyList<ulong[]> coefficients, int logN, int logB)
    {
        var shifts = Shifts(logN, logB);
        int m = 1 << (logN + logB);
        var lde = new ulong[coefficients.Count][];
        Parallel.For(0, coefficients.Count, j =>
        {
            var dst = GC.AllocateUninitializedArray<ulong>(m);
            Ntt.EvaluateOnCosets(coefficients[j], shifts, logN, dst);
            lde[j] = dst;
        });
        return new LdeMatrix(lde, logN, logB);
    }

    /// <summary>Index into a column for natural position k.</summary>
    public int Index(int k) => ((k & ((1 << _logB) - 1)) << _logN) | (k >> _logB);

    /// <summary>The rows at sorted distinct positions and their batched Merkle opening.</summary>
    public TreeOpening Open(int[] positions)
    {
        var rows = new ulong[positions.Length * Width];
        for (int i = 0; i < positions.Length; i++)
        {
            int idx = Index(positions[i]);
            for (int j = 0; j < Width; j++) rows[i * Width + j] = Columns[j][idx];
        }
        return new TreeOpening(rows, Tree.OpenBatch(positions));
    }
}
