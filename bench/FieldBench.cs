using System.Diagnostics;
using System.Text.Json;
using Wsc.Zk.Field;

namespace Wsc.Bench;

/// <summary>Goldilocks and cubic-extension multiply/inverse throughput: `field --json`.</summary>
public sealed class FieldBench : IBenchmark
{
    public string Name => "field";

    public string Description => "Goldilocks mul/inverse and Ext3 mul/inverse, ns per operation (single thread)";

    public Task<int> RunAsync(string[] args)
    {
        const int N = 20_000_000;
        ulong a = 0x1234_5678_9ABC_DEF0UL % Goldilocks.P, b = 0x0FED_CBA9_8765_4321UL;
        // A dependent chain so the JIT cannot drop or reorder the work.
        Measure(() => { for (int i = 0; i < N; i++) a = Goldilocks.Mul(a, b); }, 1);
        double mulNs = Measure(() => { for (int i = 0; i < N; i++) a = Goldilocks.Mul(a, b); }, N);
        double addNs = Measure(() => { for (int i = 0; i < N; i++) a = Goldilocks.Add(a, b); }, N);
        const int I = 200_000;
        double invNs = Measure(() => { for (int i = 0; i < I; i++) a = Goldilocks.Inverse(a | 1); }, I);
        var values = new ulong[1 << 20];
        for (int i = 0; i < values.Length; i++) values[i] = (ulong)i + 1;
        double batchInvNs = Measure(() => Goldilocks.BatchInverse(values), values.Length);
        var e = new Ext3(a, b, 5);
        var f = new Ext3(7, a, b);
        double extMulNs = Measure(() => { for (int i = 0; i < N / 4; i++) e *= f; }, N / 4);
        double extInvNs = Measure(() => { for (int i = 0; i < I / 4; i++) e = (e + Ext3.One).Inverse(); }, I / 4);
        var result = new { mulNs, addNs, inverseNs = invNs, batchInverseNsPerElement = batchInvNs, ext3MulNs = extMulNs, ext3InverseNs = extInvNs, check = a ^ e.A0 };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return Task.FromResult(0);
    }

    private static double Measure(Action act, int ops)
    {
        var sw = Stopwatch.StartNew();
        act();
        return Math.Round(sw.Elapsed.TotalNanoseconds / ops, 2);
    }
}
