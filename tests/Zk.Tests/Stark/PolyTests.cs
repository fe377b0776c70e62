using Wsc.Zk.Field;
using Wsc.Zk.Poly;

namespace Wsc.Zk.Tests.Stark;

public sealed class PolyTests
{
    private static ulong[] RandomVector(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (ulong)rng.NextInt64() % Goldilocks.P)];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(16)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(18)]
    public void Forward_ntt_matches_naive_evaluation(int logN)
    {
        int n = 1 << logN;
        var coeffs = RandomVector(n, logN);
        var evals = (ulong[])coeffs.Clone();
        Ntt.Forward(evals);
        ulong w = Goldilocks.RootOfUnity(logN);
        for (int i = 0; i < n; i += Math.Max(1, n / 16))
            Assert.Equal(Polynomial.Evaluate(coeffs, Goldilocks.Pow(w, (ulong)i)), evals[i]);
        Ntt.Inverse(evals);
        Assert.Equal(coeffs, evals);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(6, 37)]
    [InlineData(6, 64)]
    [InlineData(16, 1 << 16)]
    public void Coset_evaluation_matches_horner_on_every_coset(int logN, int coefficientCount)
    {
        int n = 1 << logN;
        var coeffs = RandomVector(coefficientCount, logN + 100);
        var shifts = new[] { 1UL, Goldilocks.Generator, Goldilocks.RootOfUnity(logN + 2) };
        var output = new ulong[shifts.Length * n];
        Ntt.EvaluateOnCosets(coeffs, shifts, logN, output);
        ulong w = Goldilocks.RootOfUnity(logN);
        for (int c = 0; c < shifts.Length; c++)
        {
            for (int i = 0; i < n; i += Math.Max(1, n / 8))
                Assert.Equal(Polynomial.Evaluate(coeffs, Goldilocks.Mul(shifts[c], Goldilocks.Pow(w, (ulong)i))), output[c * n + i]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(12)]
    public void Shift_power_tables_hold_scaled_powers_in_bit_reversed_slots(int logN)
    {
        int n = 1 << logN;
        ulong shift = Goldilocks.Generator + (ulong)logN;
        var table = Ntt.ShiftPowersBitReversed(shift, logN);
        ulong x = Goldilocks.Inverse((ulong)n);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(x, table[Ntt.BitReverse(i, logN)]);
            x = Goldilocks.Mul(x, shift);
        }
    }

    [Fact]
    public void Coset_transforms_round_trip_and_evaluate_on_the_coset()
    {
        var coeffs = RandomVector(64, 9);
        var evals = (ulong[])coeffs.Clone();
        Ntt.CosetForward(evals, Goldilocks.Generator);
        ulong w = Goldilocks.RootOfUnity(6);
        Assert.Equal(Polynomial.Evaluate(coeffs, Goldilocks.Mul(Goldilocks.Generator, Goldilocks.Pow(w, 5))), evals[5]);
        Ntt.CosetInverse(evals, Goldilocks.Generator);
        Assert.Equal(coeffs, evals);
    }

    [Fact]
    public void Low_degree_extension_evaluates_the_interpolant_on_every_coset()
    {
        int logN = 5, logBig = 7, n = 1 << logN, big = 1 << logBig;
        var evals = RandomVector(n, 4);
        var coeffs = (ulong[])evals.Clone();
        Ntt.Inverse(coeffs);
        ulong[] shifts = [Goldilocks.Generator, Goldilocks.Mul(Goldilocks.Generator, Goldilocks.RootOfUnity(9))];
        var output = new ulong[shifts.Length * big];
        Ntt.LowDegreeExtend(evals, shifts, logBig, output, new ulong[n]);
        ulong wb = Goldilocks.RootOfUnity(logBig);
        for (int c = 0; c < shifts.Length; c++)
            for (int i = 0; i < big; i += 7)
                Assert.Equal(Polynomial.Evaluate(coeffs, Goldilocks.Mul(shifts[c], Goldilocks.Pow(wb, (ulong)i))), output[c * big + i]);
    }
}
