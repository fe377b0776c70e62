using System.Numerics;
using System.Runtime.Intrinsics;
using Wsc.Zk.Field;

namespace Wsc.Zk.Tests.Stark;

public sealed class FieldTests
{
    private static readonly BigInteger P = Goldilocks.P;

    private static IEnumerable<ulong> Samples()
    {
        var rng = new Random(1);
        ulong[] edge = [0, 1, 2, Goldilocks.P - 1, Goldilocks.P - 2, Goldilocks.Epsilon, Goldilocks.Epsilon + 1, 1UL << 63, (1UL << 32) - 2, 1UL << 32];
        foreach (var e in edge) yield return e;
        for (int i = 0; i < 400; i++) yield return (ulong)rng.NextInt64() % Goldilocks.P * 2 % Goldilocks.P ^ (ulong)rng.Next() % Goldilocks.P;
    }

    [Fact]
    public void Add_sub_mul_match_big_integer_arithmetic()
    {
        var xs = Samples().Select(x => x % Goldilocks.P).ToArray();
        foreach (var a in xs)
        {
            foreach (var b in xs.Take(60))
            {
                Assert.Equal((ulong)((a + (BigInteger)b) % P), Goldilocks.Add(a, b));
                Assert.Equal((ulong)(((a - (BigInteger)b) % P + P) % P), Goldilocks.Sub(a, b));
                Assert.Equal((ulong)(a * (BigInteger)b % P), Goldilocks.Mul(a, b));
            }
        }
    }

    [Fact]
    public void Reduce128_handles_the_full_128_bit_range()
    {
        var rng = new Random(2);
        for (int i = 0; i < 2000; i++)
        {
            ulong hi = (ulong)rng.NextInt64() * 3 + (ulong)i, lo = (ulong)rng.NextInt64() ^ ((ulong)i << 40);
            if (i == 0) (hi, lo) = (ulong.MaxValue, ulong.MaxValue);
            var expected = (((BigInteger)hi << 64) + lo) % P;
            Assert.Equal((ulong)expected, Goldilocks.Reduce128(hi, lo));
        }
    }

    [Fact]
    public void Vector_kernels_match_scalar_arithmetic()
    {
        if (!GoldilocksVector.IsSupported) return; // scalar-only CPUs never take the vector path
        var xs = Samples().Select(x => x % Goldilocks.P).ToArray();
        var rng = new Random(9);
        xs = [.. xs, .. Enumerable.Range(0, 4000).Select(_ => (ulong)rng.NextInt64() % Goldilocks.P), .. Enumerable.Range(0, 64).Select(k => Goldilocks.P - 1 - (ulong)k), .. Enumerable.Range(0, 64).Select(k => ((ulong)(uint)rng.Next() << 32) + (uint)k)];
        for (int i = 0; i + 16 <= xs.Length; i += 8)
        {
            var a = Vector512.Create(xs.AsSpan(i, 8));
            var b = Vector512.Create(xs.AsSpan(i + 8, 8));
            var mul = GoldilocksVector.Mul(a, b);
            var add = GoldilocksVector.Add(a, b);
            var sub = GoldilocksVector.Sub(a, b);
            for (int l = 0; l < 8; l++)
            {
                Assert.Equal(Goldilocks.Mul(xs[i + l], xs[i + 8 + l]), mul[l]);
                Assert.Equal(Goldilocks.Add(xs[i + l], xs[i + 8 + l]), add[l]);
                Assert.Equal(Goldilocks.Sub(xs[i + l], xs[i + 8 + l]), sub[l]);
            }
        }
    }

    [Fact]
    public void Four_lane_avx2_kernels_match_scalar_arithmetic()
    {
        // The halves GoldilocksVector uses without AVX-512, tested on their own so a machine with AVX-512 checks them too;
        // Reduce128 also on arbitrary (non-product) 128-bit values, carries and borrows at every boundary.
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported) return;
        var rng = new Random(10);
        var xs = Samples().Select(x => x % Goldilocks.P).ToArray();
        xs = [.. xs, .. Enumerable.Range(0, 4000).Select(_ => (ulong)rng.NextInt64() % Goldilocks.P), .. Enumerable.Range(0, 64).Select(k => Goldilocks.P - 1 - (ulong)k), .. Enumerable.Range(0, 64).Select(k => ((ulong)(uint)rng.Next() << 32) + (uint)k)];
        var raw = new ulong[] { 0, 1, Goldilocks.Epsilon, Goldilocks.Epsilon + 1, Goldilocks.P - 1, Goldilocks.P, Goldilocks.P + 1, ulong.MaxValue, 1UL << 63, (1UL << 32) - 2 };
        raw = [.. raw, .. Enumerable.Range(0, 400).Select(_ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63))];
        for (int i = 0; i + 8 <= xs.Length; i += 4)
        {
            var a = Vector256.Create(xs.AsSpan(i, 4));
            var b = Vector256.Create(xs.AsSpan(i + 4, 4));
            var mul = GoldilocksVector4.Mul(a, b);
            var add = GoldilocksVector4.Add(a, b);
            var sub = GoldilocksVector4.Sub(a, b);
            for (int l = 0; l < 4; l++)
            {
                Assert.Equal(Goldilocks.Mul(xs[i + l], xs[i + 4 + l]), mul[l]);
                Assert.Equal(Goldilocks.Add(xs[i + l], xs[i + 4 + l]), add[l]);
                Assert.Equal(Goldilocks.Sub(xs[i + l], xs[i + 4 + l]), sub[l]);
            }
        }
        // Every pair of an edge set, each pair in all four lanes' positions by rotation.
        var edges = new ulong[] { 0, 1, 2, Goldilocks.Epsilon - 1, Goldilocks.Epsilon, Goldilocks.Epsilon + 1, 1UL << 32, 1UL << 48, 1UL << 63, Goldilocks.P - Goldilocks.Epsilon, Goldilocks.P - 2, Goldilocks.P - 1 };
        foreach (var x in edges)
        {
            for (int k = 0; k + 4 <= edges.Length; k += 4)
            {
                var a = Vector256.Create(x);
                var b = Vector256.Create(edges.AsSpan(k, 4));
                var mul = GoldilocksVector4.Mul(a, b);
                var add = GoldilocksVector4.Add(a, b);
                var sub = GoldilocksVector4.Sub(a, b);
                var rsub = GoldilocksVector4.Sub(b, a);
                var pow48 = GoldilocksVector4.MulPow48(b);
                for (int l = 0; l < 4; l++)
                {
                    ulong y = edges[k + l];
                    Assert.Equal(Goldilocks.Mul(x, y), mul[l]);
                    Assert.Equal(Goldilocks.Add(x, y), add[l]);
                    Assert.Equal(Goldilocks.Sub(x, y), sub[l]);
                    Assert.Equal(Goldilocks.Sub(y, x), rsub[l]);
                    Assert.Equal(Goldilocks.Mul(y, 1UL << 48), pow48[l]);
                }
            }
        }
        for (int i = 0; i + 4 <= raw.Length; i++)
        {
            var hi = Vector256.Create(raw[i], raw[(i + 1) % raw.Length], raw[(i + 2) % raw.Length], raw[(i + 3) % raw.Length]);
            var lo = Vector256.Create(raw[(i + 5) % raw.Length], raw[(i + 7) % raw.Length], raw[(i + 3) % raw.Length], raw[i]);
            var r = GoldilocksVector4.Reduce128(hi, lo);
            for (int l = 0; l < 4; l++) Assert.Equal(Goldilocks.Reduce128(hi[l], lo[l]), r[l]);
        }
    }

    [Fact]
    public void Inverse_and_batch_inverse_give_one_when_multiplied_back()
    {
        var xs = Samples().Where(x => x % Goldilocks.P != 0).Select(x => x % Goldilocks.P).ToArray();
        foreach (var x in xs) Assert.Equal(1UL, Goldilocks.Mul(x, Goldilocks.Inverse(x)));
        var inv = (ulong[])xs.Clone();
        Goldilocks.BatchInverse(inv);
        for (int i = 0; i < xs.Length; i++) Assert.Equal(1UL, Goldilocks.Mul(xs[i], inv[i]));
        Assert.Throws<DivideByZeroException>(() => Goldilocks.Inverse(0));
    }

    [Fact]
    public void Roots_of_unity_have_exact_order()
    {
        for (int k = 0; k <= 32; k++)
        {
            ulong w = Goldilocks.RootOfUnity(k);
            Assert.Equal(1UL, Goldilocks.Pow(w, 1UL << k));
            if (k > 0) Assert.NotEqual(1UL, Goldilocks.Pow(w, 1UL << (k - 1)));
        }
        Assert.Equal(Goldilocks.P - 1, Goldilocks.Pow(Goldilocks.Generator, (Goldilocks.P - 1) / 2));
    }

    [Fact]
    public void Cubic_extension_is_a_field()
    {
        // u³ − 2 is irreducible because 2 is not a cube mod p (p ≡ 1 mod 3).
        Assert.NotEqual(1UL, Goldilocks.Pow(Ext3.W, (Goldilocks.P - 1) / 3));
        var rng = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var a = new Ext3((ulong)rng.NextInt64() % Goldilocks.P, (ulong)rng.NextInt64() % Goldilocks.P, (ulong)rng.NextInt64() % Goldilocks.P);
            var b = new Ext3((ulong)rng.NextInt64() % Goldilocks.P, (ulong)i, 5);
            var c = new Ext3(7, (ulong)rng.NextInt64() % Goldilocks.P, 0);
            Assert.Equal(Ext3.One, a * a.Inverse());
            Assert.Equal(a * (b + c), a * b + a * c);
            Assert.Equal((a * b) * c, a * (b * c));
            Assert.Equal(a.MulBase(9), a * Ext3.FromBase(9));
        }
        var u = new Ext3(0, 1, 0);
        Assert.Equal(Ext3.FromBase(2), u * u * u);
        var batch = new[] { new Ext3(1, 2, 3), new Ext3(5, 0, 0), new Ext3(0, 0, 9) };
        var inv = (Ext3[])batch.Clone();
        Ext3.BatchInverse(inv);
        for (int i = 0; i < batch.Length; i++) Assert.Equal(Ext3.One, batch[i] * inv[i]);
    }

    [Fact]
    public void Packed_extension_products_equal_the_scalar_extension_product_in_every_lane()
    {
        // PackedExt3's Karatsuba product against Ext3's schoolbook one, with coefficients at 0, 1 and p − 1 mixed in so
        // the sums (a_i + a_j) wrap.
        if (!GoldilocksVector.IsSupported) return;
        var rng = new Random(33);
        ulong Next(int k) => (k % 5) switch { 0 => 0, 1 => Goldilocks.P - 1, 2 => 1, _ => (ulong)rng.NextInt64() % Goldilocks.P };
        for (int round = 0; round < 200; round++)
        {
            var x = new ulong[3, 8];
            var y = new ulong[3, 8];
            for (int c = 0; c < 3; c++)
            {
                for (int l = 0; l < 8; l++)
                {
                    x[c, l] = Next(rng.Next(10));
                    y[c, l] = Next(rng.Next(10));
                }
            }
            PackedFelt Lanes(ulong[,] v, int c) => new(Vector512.Create(v[c, 0], v[c, 1], v[c, 2], v[c, 3], v[c, 4], v[c, 5], v[c, 6], v[c, 7]));
            var a = new Wsc.Zk.Stark.PackedExt3(Lanes(x, 0), Lanes(x, 1), Lanes(x, 2));
            var b = new Wsc.Zk.Stark.PackedExt3(Lanes(y, 0), Lanes(y, 1), Lanes(y, 2));
            var product = a * b;
            for (int l = 0; l < 8; l++)
            {
                var expected = new Ext3(x[0, l], x[1, l], x[2, l]) * new Ext3(y[0, l], y[1, l], y[2, l]);
                Assert.Equal(expected, new Ext3(product.A0.Lanes[l], product.A1.Lanes[l], product.A2.Lanes[l]));
            }
        }
    }

    [Fact]
    public void Packed_lanes_compute_what_eight_scalars_do()
    {
        if (!GoldilocksVector.IsSupported) return; // the packed type is only used where AVX-512 or AVX2 runs
        var rng = new Random(17);
        ulong Next() => (ulong)rng.NextInt64() % Goldilocks.P;
        var frameA = new ulong[8 * 5];
        for (int i = 0; i < frameA.Length; i++) frameA[i] = i % 7 == 0 ? Goldilocks.P - 1 - (ulong)i : Next();
        // An AIR evaluated over packed lanes equals the same AIR on each lane's scalars.
        var air = new Wsc.Zk.Examples.WideAir(5);
        var packedCur = new PackedFelt[5];
        var packedNext = new PackedFelt[5];
        var curLanes = new ulong[5][];
        var nextLanes = new ulong[5][];
        for (int c = 0; c < 5; c++)
        {
            curLanes[c] = [.. Enumerable.Range(0, 8).Select(l => frameA[c * 8 + l])];
            nextLanes[c] = [.. Enumerable.Range(0, 8).Select(_ => Next())];
            packedCur[c] = new PackedFelt(Vector512.Create(curLanes[c]));
            packedNext[c] = new PackedFelt(Vector512.Create(nextLanes[c]));
        }
        var packed = new PackedFelt[5];
        air.EvaluateTransition<PackedFelt>(packedCur, packedNext, [], packed);
        for (int l = 0; l < 8; l++)
        {
            var cur = Enumerable.Range(0, 5).Select(c => new Felt(curLanes[c][l])).ToArray();
            var next = Enumerable.Range(0, 5).Select(c => new Felt(nextLanes[c][l])).ToArray();
            var scalar = new Felt[5];
            air.EvaluateTransition<Felt>(cur, next, [], scalar);
            for (int c = 0; c < 5; c++) Assert.Equal(scalar[c].Value, packed[c].Lanes[l]);
        }
        var neg = -packedCur[0];
        for (int l = 0; l < 8; l++) Assert.Equal(Goldilocks.Neg(curLanes[0][l]), neg.Lanes[l]);
        Assert.Equal(PackedFelt.One * packedCur[1], packedCur[1]);
        Assert.Equal(3UL, PackedFelt.FromBase(Goldilocks.P + 3).Lanes[5]);
    }

    [Fact]
    public void Parallel_batch_inversion_inverts_every_element()
    {
        var rng = new Random(4);
        var values = Enumerable.Range(0, 40_000).Select(_ => new Ext3((ulong)rng.NextInt64(1, long.MaxValue) % Goldilocks.P, (ulong)rng.Next(), 1)).ToArray();
        var inverted = (Ext3[])values.Clone();
        Ext3.BatchInverseParallel(inverted);
        for (int i = 0; i < values.Length; i += 997) Assert.Equal(Ext3.One, values[i] * inverted[i]);
        var bases = Enumerable.Range(1, 40_000).Select(i => (ulong)i * 7919).ToArray();
        var baseInv = (ulong[])bases.Clone();
        Goldilocks.BatchInverseParallel(baseInv);
        for (int i = 0; i < bases.Length; i += 997) Assert.Equal(1UL, Goldilocks.Mul(bases[i], baseInv[i]));
    }
}
