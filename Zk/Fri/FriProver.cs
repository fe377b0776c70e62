using System.Runtime.InteropServices;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;
using Wsc.Zk.Poly;

namespace Wsc.Zk.Fri;

/// <summary>Proves that evaluations on shift·H_M are close to a polynomial of degree &lt; degreeBound (commit then query).</summary>
public sealed class FriProver
{
    private readonly int _folding;
    private readonly List<Ext3[]> _layers = [];
    private readonly List<MerkleTree> _trees = [];
    private Ext3[] _remainder = [];

    public FriProver(int foldingFactor) => _folding = foldingFactor;

    /// <summary>
    /// Commit phase: commits each layer, draws its folding challenge from the transcript, folds; absorbs the remainder.
    /// With `checkDegree` off (a malicious-prover test harness) a remainder of too high a degree is cut instead of refused.
    /// </summary>
    public void Commit(Ext3[] evaluations, ulong shift, int degreeBound, int remainderSize, Transcript transcript, bool checkDegree = true)
    {
        var (layers, remainderDegree) = FriFolding.Plan(degreeBound, _folding, remainderSize);
        var current = evaluations;
        ulong layerShift = shift;
        for (int l = 0; l < layers; l++)
        {
            int size = current.Length, rows = size / _folding;
            var layer = current;
            var tree = MerkleTree.Commit(rows, 3 * _folding, (start, count, dest) =>
            {
                var asExt = MemoryMarshal.Cast<ulong, Ext3>(dest);
                for (int r = 0; r < count; r++)
                    for (int t = 0; t < _folding; t++)
                        asExt[r * _folding + t] = layer[start + r + t * rows];
            });
            _layers.Add(layer);
            _trees.Add(tree);
            transcript.Absorb(tree.Root);
            var zeta = transcript.DrawExt();
            current = Fold(layer, layerShift, zeta);
            layerShift = Goldilocks.Pow(layerShift, (ulong)_folding);
        }
        // The remainder: interpolate the last layer on its coset and keep the low coefficients; the rest must be zero.
        int m = current.Length;
        var comps = new ulong[3][];
        for (int a = 0; a < 3; a++)
        {
            comps[a] = new ulong[m];
            for (int i = 0; i < m; i++) comps[a][i] = a == 0 ? current[i].A0 : a == 1 ? current[i].A1 : current[i].A2;
            Ntt.CosetInverse(comps[a], layerShift);
            for (int i = remainderDegree; i < m; i++)
            {
                if (checkDegree && comps[a][i] != 0) throw new InvalidOperationException($"FRI: the committed polynomial is not of degree < {degreeBound} (the trace likely breaks a constraint)");
            }
        }
        _remainder = new Ext3[remainderDegree];
        for (int i = 0; i < remainderDegree; i++) _remainder[i] = new Ext3(comps[0][i], comps[1][i], comps[2][i]);
        transcript.AbsorbExt(_remainder);
    }

    private Ext3[] Fold(Ext3[] layer, ulong shift, Ext3 zeta)
    {
        int rows = layer.Length / _folding;
        var next = new Ext3[rows];
        ulong shiftInv = Goldilocks.Inverse(shift);
        ulong wInv = Goldilocks.Inverse(Goldilocks.RootOfUnity(Ntt.Log2(layer.Length)));
        const int Chunk = 1024;
        Parallel.For(0, (rows + Chunk - 1) / Chunk, c =>
        {
            Span<Ext3> buf = stackalloc Ext3[_folding];
            int start = c * Chunk, end = Math.Min(rows, start + Chunk);
            ulong xInv = Goldilocks.Mul(shiftInv, Goldilocks.Pow(wInv, (ulong)start));
            for (int r = start; r < end; r++)
            {
                for (int t = 0; t < _folding; t++) buf[t] = layer[r + t * rows];
                next[r] = FriFolding.FoldRow(buf, xInv, zeta);
                xInv = Goldilocks.Mul(xInv, wInv);
            }
        });
        return next;
    }

    /// <summary>Query phase: opens every layer at the rows the query positions (in the first layer's domain) fold to.</summary>
    public FriProof Open(ReadOnlySpan<int> positions)
    {
        var openings = new FriLayerOpening[_layers.Count];
        var current = positions.ToArray();
        for (int l = 0; l < _layers.Count; l++)
        {
            var layer = _layers[l];
            int rows = layer.Length / _folding;
            var rowIdx = current.Select(p => p % rows).Distinct().Order().ToArray();
            var values = new Ext3[rowIdx.Length * _folding];
            for (int i = 0; i < rowIdx.Length; i++)
                for (int t = 0; t < _folding; t++) values[i * _folding + t] = layer[rowIdx[i] + t * rows];
            openings[l] = new FriLayerOpening(values, _trees[l].OpenBatch(rowIdx));
            current = rowIdx;
        }
        return new FriProof([.. _trees.Select(t => t.Root)], _remainder, openings);
    }
}
