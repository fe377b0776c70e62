using System.Diagnostics;
using System.Text.Json;
using Wsc.Zk.Graph;
using Wsc.Zk.Vm;

namespace Wsc.Bench;

/// <summary>
/// `executor`: RV32IM executor speed in MHz (retired instructions per second) on a loop-heavy program and on each
/// example zkGraph (built with clang -O2 from guest/examples), with and without trace recording.
/// Options: --iterations N (loop program, default 20M; traced loop min(N, 1M)), --seconds S (minimum timed time per case, default 1), --json.
/// </summary>
public sealed class ExecutorBenchmark : IBenchmark
{
    public string Name => "executor";

    public string Description => "zkVM executor MHz on a loop and the example zkGraphs, with and without tracing";

    public Task<int> RunAsync(string[] args)
    {
        var iterations = uint.Parse(Arg(args, "--iterations") ?? "20000000", System.Globalization.CultureInfo.InvariantCulture);
        var seconds = double.Parse(Arg(args, "--seconds") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var json = args.Contains("--json");
        var cases = new List<object>();

        var loop = ProgramImage.FromElf(ExecutorPrograms.Loop(iterations));
        // The traced loop is shorter: a recorded trace holds 32 bytes per cycle in memory.
        var tracedLoop = ProgramImage.FromElf(ExecutorPrograms.Loop(Math.Min(iterations, 1_000_000)));
        cases.Add(Measure("loop", loop, [], seconds, tracedLoop));

        string? skipped = null;
        try
        {
            var builder = new GuestBuilder(GuestBuilder.LocateSdk());
            var outDir = Directory.CreateTempSubdirectory("wsc-bench-");
            foreach (var (name, input) in ExecutorInputs.All())
            {
                var built = builder.Build(Path.Combine(builder.SdkDirectory, "examples", name), "2", Path.Combine(outDir.FullName, name + ".elf"));
                cases.Add(Measure(name, ProgramImage.FromElf(File.ReadAllBytes(built.Elf)), input, seconds));
            }
            outDir.Delete(true);
        }
        catch (GuestBuildException e)
        {
            skipped = e.Message; // no clang: the loop figures still stand
        }

        // The load average says how shared the machine was while measuring (figures drop when it exceeds the core count).
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        var result = new { benchmark = Name, machine = new { Environment.ProcessorCount, os = Environment.OSVersion.VersionString, loadAverage = load }, cases, examplesSkipped = skipped };
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = !json }));
        return Task.FromResult(0);
    }

    private static object Measure(string name, ProgramImage image, byte[] input, double seconds, ProgramImage? tracedImage = null)
    {
        var plain = Time(new Executor(image), input, seconds);
        var traced = Time(new Executor(tracedImage ?? image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = 20 }), input, Math.Min(seconds, 1));
        return new
        {
            name, cycles = plain.Cycles, exitCode = plain.ExitCode, runs = plain.Runs, mhz = Math.Round(plain.Mhz, 1), bestMhz = Math.Round(plain.BestMhz, 1),
            tracedCycles = traced.Cycles, tracedRuns = traced.Runs, tracedMhz = Math.Round(traced.Mhz, 1), tracedBestMhz = Math.Round(traced.BestMhz, 1),
        };
    }

    // Mean over all timed runs, and the best single run (the machine is shared, so the best is the cleaner figure).
    private static (long Cycles, int ExitCode, int Runs, double Mhz, double BestMhz) Time(Executor executor, byte[] input, double seconds)
    {
        var warm = executor.Run(input); // JIT and page-in
        if (warm.Trap is not null) throw new InvalidOperationException($"benchmark program trapped: {warm.Trap.Message}");
        var sw = Stopwatch.StartNew();
        long cycles = 0;
        var runs = 0;
        var best = double.MaxValue;
        do
        {
            var start = sw.Elapsed.TotalSeconds;
            cycles += executor.Run(input).Cycles;
            best = Math.Min(best, sw.Elapsed.TotalSeconds - start);
            runs++;
        }
        while (sw.Elapsed.TotalSeconds < seconds || runs < 3);
        return (warm.Cycles, warm.ExitCode, runs, cycles / sw.Elapsed.TotalSeconds / 1e6, warm.Cycles / best / 1e6);
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
