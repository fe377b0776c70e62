using System.Diagnostics;
using System.Text.Json;
using Wsc.Zk.Poly;
using Wsc.Zk.Stark;

namespace Wsc.Bench;

/// <summary>NTT of 2^K elements and the LDE of C columns: `ntt --log-size 20 --columns 8 --json`.</summary>
public sealed class NttBench : IBenchmark
{
    public string Name => "ntt";

    public string Description => "forward/inverse NTT of 2^K (one core) and blowup-4 LDE of C columns of 2^K (all cores)";

    public Task<int> RunAsync(string[] args)
    {
        int logN = BenchArgs.Int(args, "--log-size", 20);
        int columns = BenchArgs.Int(args, "--columns", 8);
        int n = 1 << logN;
        var a = new ulong[n];
        for (int i = 0; i < n; i++) a[i] = (ulong)i * 2654435761UL;
        Ntt.ForwardFromBitReversed(a); // warm-up and twiddles
        var sw = Stopwatch.StartNew();
        Ntt.ForwardFromBitReversed(a);
        double forwardMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        Ntt.InverseUnscaledToBitReversed(a);
        double inverseMs = sw.Elapsed.TotalMilliseconds;
        var cols = Enumerable.Range(0, columns).Select(c => a.Select(v => v ^ (ulong)c).Select(v => v % Wsc.Zk.Field.Goldilocks.P).ToArray()).ToList();
        sw.Restart();
        var m = LdeMatrix.FromEvaluations(cols, logN, 2);
        double ldeCommitMs = sw.Elapsed.TotalMilliseconds;
        var result = new { size = n, forwardMs = Math.Round(forwardMs, 2), inverseMs = Math.Round(inverseMs, 2), ldeColumns = columns, ldeBlowup = 4, ldeAndCommitMs = Math.Round(ldeCommitMs, 1), root = Convert.ToHexString(m.Tree.Root)[..16] };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return Task.FromResult(0);
    }
}
