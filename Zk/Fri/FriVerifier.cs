using Wsc.Zk.Crypto;
using Wsc.Zk.Field;

namespace Wsc.Zk.Fri;

/// <summary>
/// Checks a FRI proof over batches on domains of decreasing sizes (see <see cref="FriProver"/>): replays the commit
/// phase on the transcript, then checks each query's folding chain, adding each smaller batch where it joins.
/// </summary>
public sealed class FriVerifier
{
    private readonly FriProof _proof;
    private readonly int[] _logSizes;
    private readonly int[] _logArities;
    private readonly Ext3[] _zetas;

    private FriVerifier(FriProof proof, int[] logSizes, int[] logArities, Ext3[] zetas)
    {
        _proof = proof;
        _logSizes = logSizes;
        _logArities = logArities;
        _zetas = zetas;
    }

    /// <summary>Replays the commit phase for batches on domains of 2^logSizes[i] points; null with a reason when the proof's shape is wrong.</summary>
    public static FriVerifier? Begin(FriProof proof, int[] logSizes, int logBlowup, int folding, int remainderSize, Transcript transcript, out string? error)
    {
        var (arities, remainderDegree) = FriFolding.Plan(logSizes, logBlowup, folding, remainderSize);
        error = null;
        if (proof.LayerRoots.Length != arities.Length || proof.Openings.Length != arities.Length)
        {
            error = $"FRI: expected {arities.Length} layers, proof has {proof.LayerRoots.Length} roots and {proof.Openings.Length} openings";
            return null;
        }
        if (proof.Remainder.Length != remainderDegree)
        {
            error = $"FRI: expected {remainderDegree} remainder coefficients, got {proof.Remainder.Length}";
            return null;
        }
        var zetas = new Ext3[arities.Length];
        for (int l = 0; l < arities.Length; l++)
        {
            transcript.Absorb(proof.LayerRoots[l]);
            zetas[l] = transcript.DrawExt();
        }
        transcript.AbsorbExt(proof.Remainder);
        return new FriVerifier(proof, logSizes, arities, zetas);
    }

    /// <summary>
    /// Checks the queries: `values[i]` is the first batch's value at the sorted, distinct `positions[i]` (each layer's
    /// opening carries only the row entries at other positions);
    /// `joining[b]` holds batch b + 1's values at the distinct sorted positions mod its domain size.
    /// </summary>
    public bool Verify(ReadOnlySpan<int> positions, ReadOnlySpan<Ext3> values, IReadOnlyList<Ext3[]> joining, out string? error)
    {
        error = null;
        if (joining.Count != _logSizes.Length - 1)
        {
            error = $"FRI: expected {_logSizes.Length - 1} joining batches, got {joining.Count}";
            return false;
        }
        if (values.Length != positions.Length)
        {
            error = $"FRI: {values.Length} query values for {positions.Length} positions";
            return false;
        }
        var pos = positions.ToArray();
        var vals = values.ToArray();
        int size = 1 << _logSizes[0], next = 1;
        Span<Ext3> rowBuffer = stackalloc Ext3[16];
        for (int l = 0; l < _proof.Openings.Length; l++)
        {
            int arity = 1 << _logArities[l], rows = size / arity;
            var buf = rowBuffer[..arity];
            var opening = _proof.Openings[l];
            var rowIdx = pos.Select(p => p % rows).Distinct().Order().ToArray();
            // Each row's entries at queried positions are the verifier's own values; the opening sends the others.
            if (opening.Values.Length != rowIdx.Length * arity - pos.Length)
            {
                error = $"FRI layer {l}: expected {rowIdx.Length * arity - pos.Length} opened values, got {opening.Values.Length}";
                return false;
            }
            var rowValues = new Ext3[rowIdx.Length * arity];
            for (int i = 0, sent = 0; i < rowIdx.Length; i++)
            {
                for (int t = 0; t < arity; t++)
                {
                    int q = Array.BinarySearch(pos, rowIdx[i] + t * rows);
                    rowValues[i * arity + t] = q >= 0 ? vals[q] : opening.Values[sent++];
                }
            }
            var digests = new byte[rowIdx.Length * MerkleTree.DigestSize];
            MerkleHash.Leaves(System.Runtime.InteropServices.MemoryMarshal.Cast<Ext3, ulong>(rowValues.AsSpan(0, rowIdx.Length * arity)), 3 * arity, digests);
            if (!MerkleBatchProof.Verify(_proof.LayerRoots[l], System.Numerics.BitOperations.Log2((uint)rows), rowIdx, digests, opening.Siblings))
            {
                error = $"FRI layer {l}: Merkle opening does not match the layer root";
                return false;
            }
            ulong w = Goldilocks.RootOfUnity(System.Numerics.BitOperations.Log2((uint)size));
            var nextVals = new Ext3[rowIdx.Length];
            for (int i = 0; i < rowIdx.Length; i++)
            {
                rowValues.AsSpan(i * arity, arity).CopyTo(buf);
                ulong x = Goldilocks.Pow(w, (ulong)rowIdx[i]);
                nextVals[i] = FriFolding.FoldRow(buf, Goldilocks.Inverse(x), _zetas[l]);
            }
            size = rows;
            if (next < _logSizes.Length && size == 1 << _logSizes[next])
            {
                var batch = joining[next - 1];
                if (batch.Length != rowIdx.Length)
                {
                    error = $"FRI: batch {next} has {batch.Length} values, expected {rowIdx.Length}";
                    return false;
                }
                var weight = _zetas[l].Pow((ulong)arity);
                for (int i = 0; i < rowIdx.Length; i++) nextVals[i] += weight * batch[i];
                next++;
            }
            pos = rowIdx;
            vals = nextVals;
        }
        ulong wLast = Goldilocks.RootOfUnity(System.Numerics.BitOperations.Log2((uint)size));
        for (int q = 0; q < pos.Length; q++)
        {
            ulong x = Goldilocks.Pow(wLast, (ulong)pos[q]);
            Ext3 expected = Ext3.Zero;
            for (int i = _proof.Remainder.Length - 1; i >= 0; i--) expected = expected.MulBase(x) + _proof.Remainder[i];
            if (expected != vals[q])
            {
                error = $"FRI: remainder polynomial disagrees with the folded value at final position {pos[q]}";
                return false;
            }
        }
        return true;
    }
}
