using System.Diagnostics;
using System.Text.Json;
using Wsc.Zk.Field;

namespace Wsc.Bench;

/// <summary>Goldilocks and cubic-extension multiply/inverse costs: `field --json` (ns per operation, single thread, best of 3).</summary>
public sealed class FieldBench : IBenchmark
{
    public string Name => "field";

    public string Description => "Goldilocks mul/add/inverse, batch inverse and Ext3 mul/inverse, ns per operation (single thread)";

    private const int N = 10_000_000;
    private const int I = 100_000;

    public Task<int> RunAsync(string[] args)
    {
        ulong sink = 0;
        double mulLatency = Best(() => sink ^= MulChain(N), N);
        double mulThroughput = Best(() => sink ^= MulIndependent(N), N * 4);
        double add = Best(() => sink ^= AddChain(N), N);
        double inverse = Best(() => sink ^= InverseChain(I), I);
        var values = new ulong[1 << 20];
        double batch = Best(() =>
        {
            for (int i = 0; i < values.Length; i++) values[i] = (ulong)i + 1;
            Goldilocks.BatchInverse(values);
        }, values.Length);
        double extMul = Best(() => sink ^= ExtMulChain(N / 4), N / 4);
        double extInv = Best(() => sink ^= ExtInverseChain(I / 4), I / 4);
        var result = new
        {
            mulLatencyNs = mulLatency,
            mulThroughputNs = mulThroughput,
            addNs = add,
            inverseNs = inverse,
            batchInverseNsPerElement = batch,
            ext3MulNs = extMul,
            ext3InverseNs = extInv,
            vectorKernels = GoldilocksVector.IsSupported,
            check = sink,
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return Task.FromResult(0);
    }

    private static ulong MulChain(int n)
    {
        ulong a = 0x1234_5678_9ABC_DEF0UL, b = 0x0FED_CBA9_8765_4321UL;
        for (int i = 0; i < n; i++) a = Goldilocks.Mul(a, b);
        return a;
    }

    private static ulong MulIndependent(int n)
    {
        ulong a = 1, b = 2, c = 3, d = 4, w = 0x0FED_CBA9_8765_4321UL;
        for (int i = 0; i < n; i++)
        {
            a = Goldilocks.Mul(a, w);
            b = Goldilocks.Mul(b, w);
            c = Goldilocks.Mul(c, w);
            d = Goldilocks.Mul(d, w);
        }
        return a ^ b ^ c ^ d;
    }

    private static ulong AddChain(int n)
    {
        ulong a = 5, b = Goldilocks.P - 7;
        for (int i = 0; i < n; i++) a = Goldilocks.Add(a, b);
        return a;
    }

    private static ulong InverseChain(int n)
    {
        ulong a = 12345;
        for (int i = 0; i < n; i++) a = Goldilocks.Inverse(a | 1);
        return a;
    }

    private static ulong ExtMulChain(int n)
    {
        var e = new Ext3(3, 5, 7);
        var f = new Ext3(11, 13, 17);
        for (int i = 0; i < n; i++) e *= f;
        return e.A0;
    }

    private static ulong ExtInverseChain(int n)
    {
        var e = new Ext3(3, 5, 7);
        for (int i = 0; i < n; i++) e = (e + Ext3.One).Inverse();
        return e.A0;
    }

    private static double Best(Action act, int ops)
    {
        double best = double.MaxValue;
        for (int r = 0; r < 3; r++)
        {
            var sw = Stopwatch.StartNew();
            act();
            best = Math.Min(best, sw.Elapsed.TotalNanoseconds / ops);
        }
        return Math.Round(best, 2);
    }
}
