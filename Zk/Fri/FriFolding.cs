using System.Runtime.CompilerServices;
using Wsc.Zk.Field;

namespace Wsc.Zk.Fri;

/// <summary>
/// The FRI arithmetic shared by prover and verifier. Layer ℓ holds evaluations on H_(S_ℓ) in natural order; with
/// arity A its Merkle row r holds the A values at positions r + t·(S_ℓ/A), the fibre of x ↦ x^A over row r.
/// </summary>
public static class FriFolding
{
    internal static readonly ulong InvTwo = Goldilocks.Inverse(2);
    internal static readonly ulong[] InverseRoots = [.. Enumerable.Range(0, 33).Select(k => Goldilocks.Inverse(Goldilocks.RootOfUnity(k)))];

    /// <summary>
    /// The layers' folding arities (log2) and the final degree bound for batches on LDE domains of 2^logSizes[i] points
    /// (strictly decreasing; each batch has degree &lt; its size / blowup). Layers fold by the folding factor, or by
    /// less where that would step over the next batch's domain, so every batch joins at a layer of its own size; after
    /// the last batch, folding stops once the degree bound is at most `remainderSize` (or below the folding factor).
    /// </summary>
    public static (int[] LogArities, int RemainderDegree) Plan(ReadOnlySpan<int> logSizes, int logBlowup, int foldingFactor, int remainderSize)
    {
        int logF = System.Numerics.BitOperations.Log2((uint)foldingFactor);
        int logS = logSizes[0], next = 1;
        var arities = new List<int>();
        while (true)
        {
            int logD = logS - logBlowup;
            int a;
            if (next < logSizes.Length) a = Math.Min(logF, logS - logSizes[next]);
            else if ((1L << logD) > remainderSize && logD >= logF) a = logF;
            else break;
            arities.Add(a);
            logS -= a;
            if (next < logSizes.Length && logS == logSizes[next]) next++;
        }
        return ([.. arities], 1 << (logS - logBlowup));
    }

    /// <summary>
    /// Folds one row of A values at points x·ω_A^t (t &lt; A) with challenge ζ into the value at x^A, by log2(A) binary
    /// folds f ↦ f_even + ζ·f_odd (ζ squared each step). `values` is overwritten; xInv is 1/x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Ext3 FoldRow(Span<Ext3> values, ulong xInv, Ext3 zeta)
    {
        int f = values.Length;
        while (f > 1)
        {
            int half = f >> 1;
            ulong wInv = InverseRoots[System.Numerics.BitOperations.Log2((uint)f)];
            ulong pointInv = xInv;
            for (int t = 0; t < half; t++)
            {
                Ext3 a = values[t], b = values[t + half];
                // f(x) = e(x²) + x·o(x²): e = (a + b)/2, o = (a − b)/(2x).
                values[t] = ((a + b) + (zeta * (a - b)).MulBase(pointInv)).MulBase(InvTwo);
                pointInv = Goldilocks.Mul(pointInv, wInv);
            }
            xInv = Goldilocks.Mul(xInv, xInv);
            zeta *= zeta;
            f = half;
        }
        return values[0];
    }
}
