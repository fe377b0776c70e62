using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Poly;
using Wsc.Zk.Stark;

namespace Wsc.Zk.Fri;

/// <summary>
/// Proves that batches of evaluations, each on its own LDE domain H_(S_i) (sizes strictly decreasing), are close to
/// polynomials of degree &lt; S_i/blowup: the largest batch is folded layer by layer and each smaller one joins, times
/// ζ^A (the folding challenge to the layer's arity), at the layer of its size (mixed-height FRI as in Plonky3).
/// </summary>
public sealed class FriProver
{
    private readonly int _folding;
    private readonly List<Ext3[]> _layers = [];
    private readonly List<int> _arities = [];
    private readonly List<MerkleTree> _trees = [];
    private Ext3[] _remainder = [];

    public FriProver(int foldingFactor) => _folding = foldingFactor;

    /// <summary>
    /// Commit phase: commits each layer, draws its folding challenge from the transcript, folds and adds the batch of
    /// the new size; absorbs the remainder. With `checkDegree` off (a malicious-prover test harness) a remainder of too
    /// high a degree is cut instead of refused.
    /// </summary>
    public void Commit(IReadOnlyList<Ext3[]> batches, int logBlowup, int remainderSize, Transcript transcript, bool checkDegree = true)
    {
        var logSizes = batches.Select(b => Ntt.Log2(b.Length)).ToArray();
        var (arities, remainderDegree) = FriFolding.Plan(logSizes, logBlowup, _folding, remainderSize);
        var current = batches[0];
        int next = 1;
        foreach (int logA in arities)
        {
            int arity = 1 << logA, rows = current.Length / arity;
            var layer = current;
            var tree = MerkleTree.Commit(rows, 3 * arity, (start, count, dest) =>
            {
                var asExt = MemoryMarshal.Cast<ulong, Ext3>(dest);
                for (int r = 0; r < count; r++)
                    for (int t = 0; t < arity; t++)
                        asExt[r * arity + t] = layer[start + r + t * rows];
            });
            _layers.Add(layer);
            _arities.Add(arity);
            _trees.Add(tree);
            transcript.Absorb(tree.Root);
            var zeta = transcript.DrawExt();
            current = Fold(layer, arity, zeta);
            if (next < batches.Count && current.Length == batches[next].Length)
            {
                // The fold weighs the row's A parts by ζ^0..ζ^(A−1); the joining batch takes the next power, ζ^A (Plonky3's β²
                // for A = 2), so it cannot stand in for one of the parts.
                var joining = batches[next++];
                var weight = zeta.Pow((ulong)arity);
                for (int i = 0; i < current.Length; i++) current[i] += weight * joining[i];
            }
        }
        // The remainder: interpolate the last layer and keep the low coefficients; the rest must be zero.
        int m = current.Length;
        var comps = new ulong[3][];
        for (int a = 0; a < 3; a++)
        {
            comps[a] = new ulong[m];
            for (int i = 0; i < m; i++) comps[a][i] = a == 0 ? current[i].A0 : a == 1 ? current[i].A1 : current[i].A2;
            Ntt.Inverse(comps[a]);
            for (int i = remainderDegree; i < m; i++)
            {
                if (checkDegree && comps[a][i] != 0) throw new InvalidOperationException($"FRI: a committed polynomial is not of degree < its bound (the trace likely breaks a constraint)");
            }
        }
        _remainder = new Ext3[remainderDegree];
        for (int i = 0; i < remainderDegree; i++) _remainder[i] = new Ext3(comps[0][i], comps[1][i], comps[2][i]);
        transcript.AbsorbExt(_remainder);
    }

    private static Ext3[] Fold(Ext3[] layer, int arity, Ext3 zeta)
    {
        int rows = layer.Length / arity;
        var next = new Ext3[rows];
        ulong wInv = Goldilocks.Inverse(Goldilocks.RootOfUnity(Ntt.Log2(layer.Length)));
        // Lane l of an eight-row pass starts at 1/x · wInv^l; the next pass is wInv^8 further.
        var steps = new ulong[8];
        steps[0] = 1;
        for (int l = 1; l < 8; l++) steps[l] = Goldilocks.Mul(steps[l - 1], wInv);
        var laneSteps = new PackedFelt(Vector512.Create<ulong>(steps));
        ulong wInv8 = Goldilocks.Mul(steps[7], wInv);
        const int Chunk = 1024;
        Parallel.For(0, (rows + Chunk - 1) / Chunk, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c) =>
        {
            Span<Ext3> buf = stackalloc Ext3[arity];
            int start = c * Chunk, end = Math.Min(rows, start + Chunk);
            ulong xInv = Goldilocks.Pow(wInv, (ulong)start);
            int r = start;
            if (GoldilocksVector.IsSupported)
            {
                // Eight rows per pass, one per lane (rows r..r+7 read contiguous entries of each t-block).
                Span<PackedExt3> packed = stackalloc PackedExt3[arity];
                Span<ulong> lane = stackalloc ulong[24];
                var flat = MemoryMarshal.Cast<Ext3, ulong>(layer.AsSpan());
                for (; r + 8 <= end; r += 8)
                {
                    for (int t = 0; t < arity; t++)
                    {
                        var src = flat.Slice(3 * (r + t * rows), 24);
                        for (int l = 0; l < 8; l++)
                        {
                            lane[l] = src[3 * l];
                            lane[8 + l] = src[3 * l + 1];
                            lane[16 + l] = src[3 * l + 2];
                        }
                        packed[t] = new PackedExt3(new PackedFelt(Vector512.Create<ulong>(lane[..8])), new PackedFelt(Vector512.Create<ulong>(lane.Slice(8, 8))),
                            new PackedFelt(Vector512.Create<ulong>(lane.Slice(16, 8))));
                    }
                    var folded = FoldRows(packed, new PackedFelt(Vector512.Create(xInv)) * laneSteps, zeta);
                    folded.A0.Lanes.CopyTo(lane[..8]);
                    folded.A1.Lanes.CopyTo(lane.Slice(8, 8));
                    folded.A2.Lanes.CopyTo(lane.Slice(16, 8));
                    for (int l = 0; l < 8; l++) next[r + l] = new Ext3(lane[l], lane[8 + l], lane[16 + l]);
                    xInv = Goldilocks.Mul(xInv, wInv8);
                }
            }
            for (; r < end; r++)
            {
                for (int t = 0; t < arity; t++) buf[t] = layer[r + t * rows];
                next[r] = FriFolding.FoldRow(buf, xInv, zeta);
                xInv = Goldilocks.Mul(xInv, wInv);
            }
        });
        return next;
    }

    /// <summary>
    /// <see cref="FoldRow"/> for eight rows at once, one per AVX-512 lane: values[t] holds entry t of each row and xInv
    /// each row's 1/x. The same field operations, so the same results.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PackedExt3 FoldRows(Span<PackedExt3> values, PackedFelt xInv, Ext3 zeta)
    {
        int f = values.Length;
        var invTwo = new PackedFelt(System.Runtime.Intrinsics.Vector512.Create(FriFolding.InvTwo));
        while (f > 1)
        {
            int half = f >> 1;
            var wInv = new PackedFelt(System.Runtime.Intrinsics.Vector512.Create(FriFolding.InverseRoots[System.Numerics.BitOperations.Log2((uint)f)]));
            var pointInv = xInv;
            for (int t = 0; t < half; t++)
            {
                PackedExt3 a = values[t], b = values[t + half];
                values[t] = ((a + b) + (a - b).MulScalar(zeta).MulBase(pointInv)).MulBase(invTwo);
                pointInv *= wInv;
            }
            xInv *= xInv;
            zeta *= zeta;
            f = half;
        }
        return values[0];
    }

    /// <summary>
    /// Query phase: opens every layer at the rows the query positions (in the first layer's domain) fold to, without the
    /// entries at the positions themselves (the verifier has them).
    /// </summary>
    public FriProof Open(ReadOnlySpan<int> positions)
    {
        var openings = new FriLayerOpening[_layers.Count];
        var current = positions.ToArray();
        for (int l = 0; l < _layers.Count; l++)
        {
            var layer = _layers[l];
            int arity = _arities[l], rows = layer.Length / arity;
            var rowIdx = current.Select(p => p % rows).Distinct().Order().ToArray();
            // The verifier knows the values at the queried positions themselves (computed, or folded from the layer
            // before): only the rest of each row is sent, row by row in entry order.
            var known = new HashSet<int>(current);
            var values = new List<Ext3>(rowIdx.Length * arity);
            foreach (int r in rowIdx)
            {
                for (int t = 0; t < arity; t++)
                {
                    if (!known.Contains(r + t * rows)) values.Add(layer[r + t * rows]);
                }
            }
            openings[l] = new FriLayerOpening([.. values], _trees[l].OpenBatch(rowIdx));
            current = rowIdx;
        }
        return new FriProof([.. _trees.Select(t => t.Root)], _remainder, openings);
    }
}
