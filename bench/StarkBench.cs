using System.Diagnostics;
using System.Text.Json;
using Wsc.Zk.Examples;
using Wsc.Zk.Stark;

namespace Wsc.Bench;

/// <summary>Whole STARK prove/verify of the synthetic wide AIR: `stark --log-rows K --columns C [--queries Q ...] --json`.</summary>
public sealed class StarkBench : IBenchmark
{
    public string Name => "stark";

    public string Description => "prove+verify the wide synthetic AIR (--log-rows K --columns C [--preset default|proven100 --blowup B --queries Q --grinding G --folding F])";

    public Task<int> RunAsync(string[] args)
    {
        int logRows = BenchArgs.Int(args, "--log-rows", 16);
        int columns = BenchArgs.Int(args, "--columns", 100);
        int presetAt = Array.IndexOf(args, "--preset");
        string preset = presetAt >= 0 && presetAt + 1 < args.Length ? args[presetAt + 1] : "default";
        var d = preset switch
        {
            "default" => ProofOptions.Default,
            "proven100" => ProofOptions.Proven100,
            _ => throw new ArgumentException($"--preset must be 'default' or 'proven100', got '{preset}'"),
        };
        var options = new ProofOptions(
            BenchArgs.Int(args, "--blowup", d.Blowup),
            BenchArgs.Int(args, "--queries", d.Queries),
            BenchArgs.Int(args, "--grinding", d.GrindingBits),
            BenchArgs.Int(args, "--folding", d.FoldingFactor),
            BenchArgs.Int(args, "--remainder", d.RemainderSize));
        bool json = args.Contains("--json");

        // --mixed 16,8 adds tables of 2^16 and 2^8 rows (same width) beside the 2^logRows one.
        int mixedAt = Array.IndexOf(args, "--mixed");
        int[] extra = mixedAt >= 0 && mixedAt + 1 < args.Length
            ? [.. args[mixedAt + 1].Split(',').Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture))]
            : [];
        var sw = Stopwatch.StartNew();
        var (air, traces, pub) = WideAir.Mixed(columns, [logRows, .. extra]);
        if (extra.Length == 0) air = WideAir.System(columns);
        double traceMs = sw.Elapsed.TotalMilliseconds;

        var phases = new Dictionary<string, double>();
        var phaseCpu = new Dictionary<string, double>();
        // System time (page faults on fresh memory, mostly) is reported apart: on this VM it swings with the host's load.
        var phaseSys = new Dictionary<string, double>();
        var lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var lastSys = Process.GetCurrentProcess().PrivilegedProcessorTime;
        var cpu0 = lastCpu;
        var sys0 = lastSys;
        int gen2Before = GC.CollectionCount(2);
        var pauseBefore = GC.GetTotalPauseDuration();
        sw.Restart();
        var proof = StarkProver.Prove(air, traces, pub, options, (phase, t) =>
        {
            phases[phase] = Math.Round(t.TotalMilliseconds, 1);
            var now = Process.GetCurrentProcess().TotalProcessorTime;
            var nowSys = Process.GetCurrentProcess().PrivilegedProcessorTime;
            phaseCpu[phase] = Math.Round((now - lastCpu).TotalMilliseconds, 1);
            phaseSys[phase] = Math.Round((nowSys - lastSys).TotalMilliseconds, 1);
            lastCpu = now;
            lastSys = nowSys;
        });
        double proveMs = sw.Elapsed.TotalMilliseconds;
        double proveCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        double proveSysMs = (Process.GetCurrentProcess().PrivilegedProcessorTime - sys0).TotalMilliseconds;
        int gen2Collections = GC.CollectionCount(2) - gen2Before;
        double gcPauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
        var bytes = proof.Encode();

        // The first verification pays for JIT; report the median of the following runs.
        sw.Restart();
        var key = VerifyingKey.Create(air, proof.LogHeights, options);
        double keyMs = sw.Elapsed.TotalMilliseconds;
        var first = StarkVerifier.Verify(air, key, pub, bytes);
        var times = new List<double>();
        bool verified = first.IsValid;
        for (int i = 0; i < 9; i++)
        {
            sw.Restart();
            var r = StarkVerifier.Verify(air, key, pub, bytes);
            times.Add(sw.Elapsed.TotalMilliseconds);
            verified &= r.IsValid;
        }
        times.Sort();
        int logLde = logRows + System.Numerics.BitOperations.Log2((uint)options.Blowup);
        var result = new
        {
            rows = 1 << logRows,
            extraTableLogRows = extra,
            columns,
            proveMs = Math.Round(proveMs, 1),
            proveCpuMs = Math.Round(proveCpuMs, 1),
            proveSysMs = Math.Round(proveSysMs, 1),
            gen2Collections,
            gcPauseMs = Math.Round(gcPauseMs, 1),
            verifyMs = Math.Round(times[times.Count / 2], 3),
            verifyingKeyMs = Math.Round(keyMs, 1),
            proofBytes = bytes.Length,
            proofBreakdown = ProofSizeBreakdown.Of(proof),
            // Two builds that claim the same proof bytes can be checked against each other by this prefix.
            proofDigest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16],
            conjecturedBits = SecurityEstimate.ConjecturedBits(options, logLde),
            provenBits = SecurityEstimate.ProvenBits(options, logLde),
            uniqueDecodingBits = SecurityEstimate.UniqueDecodingBits(options, logLde),
            verified,
            reason = first.Reason,
            peakMemoryBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            traceGenMs = Math.Round(traceMs, 1),
            rowsPerSecond = Math.Round((1 << logRows) / (proveMs / 1000.0)),
            preset,
            options = new { options.Blowup, options.Queries, options.GrindingBits, options.FoldingFactor, options.RemainderSize },
            cores = Environment.ProcessorCount,
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "",
            phasesMs = phases,
            phasesCpuMs = phaseCpu,
            phasesSysMs = phaseSys,
        };
        if (json) Console.WriteLine(JsonSerializer.Serialize(result));
        else Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        return Task.FromResult(verified ? 0 : 1);
    }
}
