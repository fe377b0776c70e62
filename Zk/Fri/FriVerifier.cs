using Wsc.Zk.Crypto;
using Wsc.Zk.Field;

namespace Wsc.Zk.Fri;

/// <summary>Checks a FRI proof: replays the commit phase on the transcript, then checks each query's folding chain.</summary>
public sealed class FriVerifier
{
    private readonly FriProof _proof;
    private readonly int _folding;
    private readonly int _logSize;
    private readonly ulong _shift;
    private readonly Ext3[] _zetas;

    private FriVerifier(FriProof proof, int folding, int logSize, ulong shift, Ext3[] zetas)
    {
        _proof = proof;
        _folding = folding;
        _logSize = logSize;
        _shift = shift;
        _zetas = zetas;
    }

    /// <summary>Replays the commit phase; returns null with a reason when the proof's shape is wrong.</summary>
    public static FriVerifier? Begin(FriProof proof, int logSize, ulong shift, int degreeBound, int folding, int remainderSize, Transcript transcript, out string? error)
    {
        var (layers, remainderDegree) = FriFolding.Plan(degreeBound, folding, remainderSize);
        error = null;
        if (proof.LayerRoots.Length != layers || proof.Openings.Length != layers)
        {
            error = $"FRI: expected {layers} layers, proof has {proof.LayerRoots.Length} roots and {proof.Openings.Length} openings";
            return null;
        }
        if (proof.Remainder.Length != remainderDegree)
        {
            error = $"FRI: expected {remainderDegree} remainder coefficients, got {proof.Remainder.Length}";
            return null;
        }
        var zetas = new Ext3[layers];
        for (int l = 0; l < layers; l++)
        {
            transcript.Absorb(proof.LayerRoots[l]);
            zetas[l] = transcript.DrawExt();
        }
        transcript.AbsorbExt(proof.Remainder);
        return new FriVerifier(proof, folding, logSize, shift, zetas);
    }

    /// <summary>Checks the queries: `values[i]` is the claimed first-layer value at the sorted, distinct `positions[i]`.</summary>
    public bool Verify(ReadOnlySpan<int> positions, ReadOnlySpan<Ext3> values, out string? error)
    {
        error = null;
        var pos = positions.ToArray();
        var vals = values.ToArray();
        int size = 1 << _logSize;
        ulong shift = _shift;
        Span<Ext3> buf = stackalloc Ext3[_folding];
        for (int l = 0; l < _proof.Openings.Length; l++)
        {
            int rows = size / _folding;
            var opening = _proof.Openings[l];
            var rowIdx = pos.Select(p => p % rows).Distinct().Order().ToArray();
            if (opening.Values.Length != rowIdx.Length * _folding)
            {
                error = $"FRI layer {l}: expected {rowIdx.Length * _folding} opened values, got {opening.Values.Length}";
                return false;
            }
            var digests = new byte[rowIdx.Length * MerkleTree.DigestSize];
            for (int i = 0; i < rowIdx.Length; i++)
            {
                var row = System.Runtime.InteropServices.MemoryMarshal.Cast<Ext3, ulong>(opening.Values.AsSpan(i * _folding, _folding));
                MerkleBatchProof.HashRow(row, digests.AsSpan(i * MerkleTree.DigestSize, MerkleTree.DigestSize));
            }
            if (!MerkleBatchProof.Verify(_proof.LayerRoots[l], System.Numerics.BitOperations.Log2((uint)rows), rowIdx, digests, opening.Siblings))
            {
                error = $"FRI layer {l}: Merkle opening does not match the layer root";
                return false;
            }
            ulong w = Goldilocks.RootOfUnity(System.Numerics.BitOperations.Log2((uint)size));
            var nextVals = new Ext3[rowIdx.Length];
            for (int q = 0; q < pos.Length; q++)
            {
                int r = pos[q] % rows, t = pos[q] / rows;
                int ri = Array.BinarySearch(rowIdx, r);
                if (opening.Values[ri * _folding + t] != vals[q])
                {
                    error = $"FRI layer {l}: opened value at position {pos[q]} does not match the folded value";
                    return false;
                }
            }
            for (int i = 0; i < rowIdx.Length; i++)
            {
                opening.Values.AsSpan(i * _folding, _folding).CopyTo(buf);
                ulong x = Goldilocks.Mul(shift, Goldilocks.Pow(w, (ulong)rowIdx[i]));
                nextVals[i] = FriFolding.FoldRow(buf, Goldilocks.Inverse(x), _zetas[l]);
            }
            pos = rowIdx;
            vals = nextVals;
            size = rows;
            shift = Goldilocks.Pow(shift, (ulong)_folding);
        }
        ulong wLast = Goldilocks.RootOfUnity(System.Numerics.BitOperations.Log2((uint)size));
        for (int q = 0; q < pos.Length; q++)
        {
            ulong x = Goldilocks.Mul(shift, Goldilocks.Pow(wLast, (ulong)pos[q]));
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
