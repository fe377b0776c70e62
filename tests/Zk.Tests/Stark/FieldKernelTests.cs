using Wsc.Zk.Field;

namespace Wsc.Zk.Tests.Stark;

/// <summary>The lazily reduced linear combination against the plain product-and-add loop, on random and extreme values.</summary>
public sealed class FieldKernelTests
{
    private static ulong RandomElement(Random rng) => rng.Next(8) switch
    {
        0 => Goldilocks.P - 1 - (ulong)rng.Next(4),
        1 => (ulong)rng.Next(4),
        2 => 0xFFFF_FFFFUL + (ulong)rng.Next(3) - 1,
        _ => (ulong)rng.NextInt64() % Goldilocks.P,
    };

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(1, 8)]
    [InlineData(3, 7)]
    [InlineData(3, 9)]
    [InlineData(17, 64)]
    [InlineData(100, 256)]
    [InlineData(100, 2051)]
    [InlineData(600, 40)]
    public void Linear_combination_matches_the_plain_loop(int terms, int count)
    {
        var rng = new Random(terms * 1000 + count);
        var coeffs = Enumerable.Range(0, terms).Select(_ => new Ext3(RandomElement(rng), RandomElement(rng), RandomElement(rng))).ToArray();
        const int offset = 5;
        var columns = Enumerable.Range(0, terms).Select(_ => Enumerable.Range(0, count + offset + 3).Select(_ => RandomElement(rng)).ToArray()).ToArray();
        var e0 = new ulong[count];
        var e1 = new ulong[count];
        var e2 = new ulong[count];
        for (int k = 0; k < terms; k++) FieldKernels.AddScaled(coeffs[k], columns[k].AsSpan(offset, count), e0, e1, e2);

        // Term k at data[k·stride + i].
        int stride = count + 2;
        var data = new ulong[Math.Max(1, terms * stride)];
        for (int k = 0; k < terms; k++) columns[k].AsSpan(offset, count).CopyTo(data.AsSpan(k * stride));
        var b0 = new ulong[count];
        var b1 = new ulong[count];
        var b2 = new ulong[count];
        FieldKernels.LinearCombination(coeffs, data, stride, count, b0, b1, b2);
        Assert.Equal(e0, b0);
        Assert.Equal(e1, b1);
        Assert.Equal(e2, b2);
    }

    [Fact]
    public void Linear_combination_refuses_runs_outside_the_data()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => FieldKernels.LinearCombination([Ext3.One, Ext3.One], new ulong[10], 4, 8, new ulong[8], new ulong[8], new ulong[8]));
        Assert.Contains("exceed 10 elements", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(4096)]
    [InlineData(4099)]
    public void Dot_product_matches_the_plain_loop(int n)
    {
        var rng = new Random(n + 17);
        var x = Enumerable.Range(0, n).Select(_ => RandomElement(rng)).ToArray();
        var w = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n).Select(_ => RandomElement(rng)).ToArray()).ToArray();
        var expected = Ext3.Zero;
        for (int i = 0; i < n; i++) expected += new Ext3(w[0][i], w[1][i], w[2][i]).MulBase(x[i]);
        Assert.Equal(expected, FieldKernels.Dot(x, w[0], w[1], w[2]));
        // All-maximal terms: the carry counters are what keeps the sums exact.
        var big = Enumerable.Repeat(Goldilocks.P - 1, n).ToArray();
        Assert.Equal(Goldilocks.FromU64((ulong)n), FieldKernels.DotBase(big, big));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void Powers_are_the_running_products(int n)
    {
        var rng = new Random(n + 3);
        ulong first = RandomElement(rng), x = RandomElement(rng) % (Goldilocks.P - 1) + 1;
        var output = new ulong[n];
        FieldKernels.Powers(first, x, output);
        ulong v = first;
        for (int i = 0; i < n; i++, v = Goldilocks.Mul(v, x)) Assert.Equal(v, output[i]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(64)]
    [InlineData(4096)]
    public void Packed_batch_inverse_inverts_every_element_and_names_a_zero(int n)
    {
        var rng = new Random(n + 5);
        var values = Enumerable.Range(0, n).Select(_ => RandomElement(rng) % (Goldilocks.P - 1) + 1).ToArray();
        var inverted = (ulong[])values.Clone();
        FieldKernels.BatchInverse(inverted, new ulong[n]);
        for (int i = 0; i < n; i++) Assert.Equal(1UL, Goldilocks.Mul(values[i], inverted[i]));
        values[n / 2] = 0;
        var e = Assert.Throws<DivideByZeroException>(() => FieldKernels.BatchInverse(values, new ulong[n]));
        Assert.Contains($"index {n / 2}", e.Message);
    }
}
