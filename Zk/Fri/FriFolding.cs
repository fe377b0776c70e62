using Wsc.Zk.Field;

namespace Wsc.Zk.Fri;

/// <summary>
/// The FRI arithmetic shared by prover and verifier. Layer ℓ holds evaluations on shift^(F^ℓ)·H_(M/F^ℓ) in natural
/// order; its Merkle row r holds the F values at positions r + t·(size/F), the fibre of x ↦ x^F over row r.
/// </summary>
public static class FriFolding
{
    private static readonly ulong InvTwo = Goldilocks.Inverse(2);
    private static readonly ulong[] InverseRoots = [.. Enumerable.Range(0, 33).Select(k => Goldilocks.Inverse(Goldilocks.RootOfUnity(k)))];

    /// <summary>Number of folding layers and the final degree bound for a degree bound and options.</summary>
    public static (int Layers, int RemainderDegree) Plan(int degreeBound, int foldingFactor, int remainderSize)
    {
        int layers = 0, d = degreeBound;
        while (d > remainderSize && d >= foldingFactor)
        {
            d /= foldingFactor;
            layers++;
        }
        return (layers, d);
    }

    /// <summary>
    /// Folds one row of F values at points x·ω_F^t (t &lt; F) with challenge ζ into the value at x^F, by log2(F) binary
    /// folds f ↦ f_even + ζ·f_odd (ζ squared each step). `values` is overwritten; xInv is 1/x.
    /// </summary>
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
