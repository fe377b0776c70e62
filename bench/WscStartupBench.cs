using System.Diagnostics;
using System.Text.Json;
using Wsc.TestKit;

namespace Wsc.Bench;

/// <summary>
/// `wsc-startup --runs 15 [--args "vm run x.elf"]`: wall time of whole `wsc` processes, the JIT build
/// (`dotnet Client/bin/Release/net10.0/wsc.dll`) against the ReadyToRun copy scripts/install-wsc.sh publishes.
/// </summary>
public sealed class WscStartupBench : IBenchmark
{
    public string Name => "wsc-startup";

    public string Description => "wall time of `wsc --help` (or --args \"...\"): JIT build vs the installed ReadyToRun launcher";

    public async Task<int> RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "--runs", 15);
        var i = Array.IndexOf(args, "--args");
        var wscArgs = i >= 0 && i + 1 < args.Length ? args[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : ["--help"];
        var jitDll = Path.Combine(Paths.RepoRoot, "Client", "bin", "Release", "net10.0", "wsc.dll");
        var installed = Path.Combine(Paths.RepoRoot, ".tools", "bin", "wsc");
        var result = new Dictionary<string, object?> { ["args"] = string.Join(' ', wscArgs), ["runs"] = runs };
        result["jit"] = File.Exists(jitDll) ? await MeasureAsync("dotnet", [jitDll, .. wscArgs], runs) : "missing: dotnet build Client -c Release";
        result["readyToRun"] = File.Exists(installed) ? await MeasureAsync(installed, wscArgs, runs) : "missing: bash scripts/install-wsc.sh";
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task<object> MeasureAsync(string file, string[] args, int runs)
    {
        var ms = new List<double>();
        for (var r = 0; r < runs + 1; r++)
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            var drain = Task.WhenAll(p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync());
            await p.WaitForExitAsync();
            await drain;
            if (r > 0)
            {
                ms.Add(sw.Elapsed.TotalMilliseconds); // the first run warms the disk cache and is not counted
            }
        }
        ms.Sort();
        return new { p50Ms = Math.Round(ms[ms.Count / 2], 1), minMs = Math.Round(ms[0], 1), maxMs = Math.Round(ms[^1], 1) };
    }
}
