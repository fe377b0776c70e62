using System.Runtime.CompilerServices;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Poly;

namespace Wsc.Zk.Stark;

/// <summary>
/// Columns extended to the LDE domain H_M (M = blowup·N) and the Merkle leaf digests of their whole rows (the tree is
/// built over the leaves of every height at once, <see cref="MultiHeightMerkleTree"/>).
/// Natural position k = c + blowup·i lies on the coset ω_M^c·H_N (chunk c) at index i. Chunk 0 is the trace domain
/// itself: for a full-height trace column it is the trace array (no transform, no copy, no memory); chunks
/// 1..blowup−1 of a column are one array, chunk c at [(c−1)·N + i]. Merkle leaves are in natural position order.
/// The quotient is evaluated on ω_M·H_q, which never meets chunk 0, so it reads the second array only
/// (<see cref="OffDomain"/>, <see cref="OffDomainIndex"/>).
/// </summary>
public sealed class LdeMatrix
{
    private readonly int _logN;
    private readonly int _logB;
    private readonly ulong[][] _chunk0;
    private readonly ulong[][] _rest;

    /// <summary>The rows' Merkle leaf digests, in natural position order.</summary>
    public MerkleLeaves Leaves { get; }

    public int Width => _rest.Length;

    private LdeMatrix(ulong[][] chunk0, ulong[][] rest, int logN, int logB)
    {
        _chunk0 = chunk0;
        _rest = rest;
        _logN = logN;
        _logB = logB;
        // Coset c of column j: the trace array itself for chunk 0, else its slice of the column's other chunks.
        Leaves = MerkleLeaves.HashCosetColumns(1 << (logN + logB), rest.Length, 1 << logB,
            (c, j) => c == 0 ? (chunk0[j], 0) : (rest[j], (c - 1) << logN));
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

    /// <summary>Extends trace columns (each a power-of-two height ≤ 2^logN) and commits them; full-height columns are kept as chunk 0, not copied.</summary>
    public static LdeMatrix FromEvaluations(IReadOnlyList<ulong[]> columns, int logN, int logB)
    {
        var shifts = Shifts(logN, logB);
        int n = 1 << logN;
        var chunk0 = new ulong[columns.Count][];
        var rest = new ulong[columns.Count][];
        Ntt.WarmTables(logN, shifts.AsSpan(1));
        Parallel.For(0, columns.Count, () => new ulong[n], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (j, _, scratch) =>
        {
            var col = columns[j];
            var dst = ColumnMemory.Allocate<ulong>(((1 << logB) - 1) * n);
            Ntt.LowDegreeExtend(col, shifts.AsSpan(1), logN, dst, scratch);
            if (col.Length == n)
            {
                chunk0[j] = col;
            }
            else
            {
                chunk0[j] = GC.AllocateUninitializedArray<ulong>(n);
                Ntt.LowDegreeExtend(col, shifts.AsSpan(0, 1), logN, chunk0[j], scratch);
            }
            rest[j] = dst;
            return scratch;
        }, _ => { });
        return new LdeMatrix(chunk0, rest, logN, logB);
    }

    /// <summary>Evaluates polynomials given by natural-order coefficients (≤ 2^logN each) and commits them.</summary>
    public static LdeMatrix FromCoefficients(IReadOnlyList<ReadOnlyMemory<ulong>> coefficients, int logN, int logB)
    {
        var shifts = Shifts(logN, logB);
        int n = 1 << logN;
        var chunk0 = new ulong[coefficients.Count][];
        var rest = new ulong[coefficients.Count][];
        Ntt.WarmTables(logN, shifts);
        Parallel.For(0, coefficients.Count, j =>
        {
            var prepared = Ntt.PrepareForCosets(coefficients[j].Span, logN);
            var first = GC.AllocateUninitializedArray<ulong>(n);
            var others = GC.AllocateUninitializedArray<ulong>(((1 << logB) - 1) * n);
            Ntt.EvaluateOnCoset(prepared, shifts[0], first);
            for (int c = 1; c < shifts.Length; c++) Ntt.EvaluateOnCoset(prepared, shifts[c], others.AsSpan((c - 1) * n, n));
            chunk0[j] = first;
            rest[j] = others;
        });
        return new LdeMatrix(chunk0, rest, logN, logB);
    }

    /// <summary>Column j on the trace domain H_n (chunk 0): its trace values, or a polynomial's evaluations there.</summary>
    public ulong[] TraceDomain(int j) => _chunk0[j];

    /// <summary>Column j's chunks 1..blowup−1 (every LDE point off the trace domain), indexed by <see cref="OffDomainIndex"/>.</summary>
    public ulong[] OffDomain(int j) => _rest[j];

    /// <summary>Index into <see cref="OffDomain"/> for natural position k, which must not be a multiple of the blowup.</summary>
    public int OffDomainIndex(int k) => (((k & ((1 << _logB) - 1)) - 1) << _logN) | (k >> _logB);

    /// <summary>Column j at natural position k.</summary>
    public ulong At(int j, int k)
    {
        int c = k & ((1 << _logB) - 1);
        return c == 0 ? _chunk0[j][k >> _logB] : _rest[j][OffDomainIndex(k)];
    }

    /// <summary>The rows at the given positions, row-major.</summary>
    public ulong[] Rows(int[] positions)
    {
        var rows = new ulong[positions.Length * Width];
        for (int i = 0; i < positions.Length; i++)
        {
            for (int j = 0; j < Width; j++) rows[i * Width + j] = At(j, positions[i]);
        }
        return rows;
    }
}
