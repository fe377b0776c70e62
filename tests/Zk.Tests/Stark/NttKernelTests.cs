using Wsc.Zk.Field;
using Wsc.Zk.Poly;

namespace Wsc.Zk.Tests.Stark;

/// <summary>
/// The blocked, tiled, radix-4 vector transforms (AVX-512, or their AVX2 forms without it) against a plain radix-2
/// reference at every size from 1 to 2^20, on random inputs, element for element (the sizes cross the 8-lane, radix-4, cache-block and outer-tile boundaries).
/// </summary>
public sealed class NttKernelTests
{
    private static ulong[] RandomVector(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (ulong)rng.NextInt64() % Goldilocks.P)];
    }

    /// <summary>ω_(2len)^j for j &lt; len.</summary>
    private static ulong[] LevelRoots(int len, bool inverse)
    {
        ulong w = Goldilocks.RootOfUnity(Ntt.Log2(2 * len));
        if (inverse) w = Goldilocks.Inverse(w);
        var r = new ulong[len];
        ulong x = 1;
        for (int j = 0; j < len; j++)
        {
            r[j] = x;
            x = Goldilocks.Mul(x, w);
        }
        return r;
    }

    /// <summary>Radix-2 DIT, bit-reversed coefficients → natural evaluations.</summary>
    private static void ReferenceForward(ulong[] a)
    {
        for (int len = 1; len < a.Length; len <<= 1)
        {
            var w = LevelRoots(len, inverse: false);
            for (int s = 0; s < a.Length; s += 2 * len)
                for (int j = 0; j < len; j++)
                {
                    ulong u = a[s + j], v = Goldilocks.Mul(a[s + j + len], w[j]);
                    a[s + j] = Goldilocks.Add(u, v);
                    a[s + j + len] = Goldilocks.Sub(u, v);
                }
        }
    }

    /// <summary>Radix-2 DIF with inverse roots, natural evaluations → n·coefficients, bit-reversed.</summary>
    private static void ReferenceInverseUnscaled(ulong[] a)
    {
        for (int len = a.Length >> 1; len >= 1; len >>= 1)
        {
            var w = LevelRoots(len, inverse: true);
            for (int s = 0; s < a.Length; s += 2 * len)
                for (int j = 0; j < len; j++)
                {
                    ulong u = a[s + j], v = a[s + j + len];
                    a[s + j] = Goldilocks.Add(u, v);
                    a[s + j + len] = Goldilocks.Mul(Goldilocks.Sub(u, v), w[j]);
                }
        }
    }

    public static TheoryData<int> Sizes() => [.. Enumerable.Range(0, 21)];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Forward_transform_matches_the_radix2_reference(int logN)
    {
        var input = RandomVector(1 << logN, 100 + logN);
        var expected = (ulong[])input.Clone();
        ReferenceForward(expected);
        var actual = (ulong[])input.Clone();
        Ntt.ForwardFromBitReversed(actual);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"forward transform of 2^{logN} differs from the reference");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Inverse_transform_matches_the_radix2_reference(int logN)
    {
        var input = RandomVector(1 << logN, 200 + logN);
        var expected = (ulong[])input.Clone();
        ReferenceInverseUnscaled(expected);
        var actual = (ulong[])input.Clone();
        Ntt.InverseUnscaledToBitReversed(actual);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"inverse transform of 2^{logN} differs from the reference");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(20)]
    public void Coset_evaluation_matches_the_radix2_reference(int logN)
    {
        int n = 1 << logN;
        var coeffs = RandomVector(n, 300 + logN);
        ulong shift = Goldilocks.Mul(Goldilocks.Generator, Goldilocks.RootOfUnity(logN + 2));
        // Reference: c_i·shift^i, bit-reversed, radix-2 DIT.
        var expected = new ulong[n];
        ulong s = 1;
        for (int i = 0; i < n; i++)
        {
            expected[Ntt.BitReverse(i, logN)] = Goldilocks.Mul(coeffs[i], s);
            s = Goldilocks.Mul(s, shift);
        }
        ReferenceForward(expected);
        var actual = new ulong[n];
        Ntt.EvaluateOnCoset(Ntt.PrepareForCosets(coeffs, logN), shift, actual);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"coset evaluation of 2^{logN} differs from the reference");
    }

    [Fact]
    public void Multiplying_by_two_to_the_48_matches_the_scalar_product()
    {
        if (!GoldilocksVector.IsSupported) return;
        ulong[] xs = [.. RandomVector(4096, 7), 0UL, 1, Goldilocks.P - 1, Goldilocks.P - 2, 1UL << 16, (1UL << 48) - 1, 0xFFFF_FFFFUL, Goldilocks.P - (1UL << 32)];
        for (int i = 0; i + 8 <= xs.Length; i += 8)
        {
            var v = GoldilocksVector.MulPow48(System.Runtime.Intrinsics.Vector512.Create<ulong>(xs.AsSpan(i, 8)));
            for (int l = 0; l < 8; l++) Assert.Equal(Goldilocks.Mul(xs[i + l], 1UL << 48), v[l]);
        }
        Assert.Equal(Goldilocks.P - 1, Goldilocks.Mul(1UL << 48, 1UL << 48));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Bit_reversal_puts_every_element_at_its_reversed_index(int logN)
    {
        int n = 1 << logN;
        var input = RandomVector(n, 400 + logN);
        var actual = (ulong[])input.Clone();
        Ntt.BitReverse(actual);
        for (int i = 0; i < n; i++)
        {
            if (actual[Ntt.BitReverse(i, logN)] != input[i]) Assert.Fail($"2^{logN}: element {i} is not at {Ntt.BitReverse(i, logN)}");
        }
    }
}
