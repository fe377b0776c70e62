using System.Diagnostics;
using System.Text.Json;
using Wsc.Zk.Air;
using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Bench;

/// <summary>
/// Proves the first segment of the executor benchmark's loop program with the RV32IM AIR:
/// `zkvm [--segment-log2 K] [--queries Q ...] [--verify-runs N] --json` prints cycles/s, per-phase times, columns per cycle, verify time.
/// </summary>
public sealed class ZkVmBench : IBenchmark
{
    public string Name => "zkvm";

    public string Description => "prove+verify one full segment of the loop program with the RV32IM AIR (--segment-log2 K, default the prover's, 19)";

    public Task<int> RunAsync(string[] args)
    {
        int log2 = BenchArgs.Int(args, "--segment-log2", Wsc.Zk.Receipts.ReceiptProver.DefaultSegmentLog2);
        var d = ProofOptions.Default;
        var options = new ProofOptions(
            BenchArgs.Int(args, "--blowup", d.Blowup),
            BenchArgs.Int(args, "--queries", d.Queries),
            BenchArgs.Int(args, "--grinding", d.GrindingBits),
            BenchArgs.Int(args, "--folding", d.FoldingFactor),
            BenchArgs.Int(args, "--remainder", d.RemainderSize));
        bool json = args.Contains("--json");

        // Enough iterations (8 cycles each) that the first segment is full.
        var image = ProgramImage.FromElf(ExecutorPrograms.Loop((uint)(1 << log2) / 8 + 16));
        var sw = Stopwatch.StartNew();
        var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = log2 }).Run([]);
        double executeMs = sw.Elapsed.TotalMilliseconds;
        if (run.Trap is not null) throw new InvalidOperationException(run.Trap.Message);
        var segment = run.Trace!.Segments[0];

        // The run's memory plan (every segment's boundary rows, statement roots and the memory challenges), then the witness.
        sw.Restart();
        var memory = RunMemory.Of(image, run, options);
        double planFirstMs = sw.Elapsed.TotalMilliseconds;
        // Again, warm: the first plan in a process includes compiling its code; a prover silo pays that once.
        sw.Restart();
        memory = RunMemory.Of(image, run, options);
        double planMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var w = VmAir.Build(image, segment, [], run.Output, 0, 0, memory, 0);
        double witnessMs = sw.Elapsed.TotalMilliseconds;

        var phases = new Dictionary<string, double>();
        sw.Restart();
        var proof = StarkProver.Prove(w.System, w.Traces, w.PublicInputs, options, (phase, t) => phases[phase] = Math.Round(t.TotalMilliseconds, 1));
        double proveMs = sw.Elapsed.TotalMilliseconds;
        var bytes = proof.Encode();

        // A verifier rebuilds the system from the image (the segment's statement is its public inputs); the key (the
        // program table's commitment, any height for the other tables) is made once per image, as ReceiptVerifier does,
        // then each verification is timed on its own.
        sw.Restart();
        var verifierSystem = VmAir.System(image, w.Boundary);
        var any = new HeightRange(1, Math.Min(VerifyingKey.MaxLogHeight, VerifyingKey.MaxLogLde - System.Numerics.BitOperations.Log2((uint)options.Blowup)));
        var key = VerifyingKey.Create(verifierSystem, [.. verifierSystem.Tables.Select(t => t.FixedLogHeight is { } f ? HeightRange.Exactly(f) : any)], options);
        double keyMs = sw.Elapsed.TotalMilliseconds;
        var first = StarkVerifier.Verify(verifierSystem, w.PublicInputs, bytes, options, key);
        var times = new List<double>();
        int verifyRuns = BenchArgs.Int(args, "--verify-runs", 5);
        // Process CPU over the runs as well as wall medians: on a loaded machine the wall time is mostly waiting.
        var verifyCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < verifyRuns; i++)
        {
            sw.Restart();
            first = StarkVerifier.Verify(verifierSystem, w.PublicInputs, bytes, options, key);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        double verifyCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - verifyCpu0).TotalMilliseconds / verifyRuns;
        times.Sort();

        int cycles = segment.Cycles;
        var layouts = TableLayout.For(w.System);
        var tables = layouts.Select((l, t) => new
        {
            name = l.Air.Name,
            rows = w.Traces[t][0].Length,
            preprocessed = l.PreprocessedWidth,
            main = l.MainWidth,
            aux = l.AuxBaseWidth,
        }).ToList();
        double Per(Func<TableLayout, int> width) => Math.Round(layouts.Select((l, t) => (double)width(l) * w.Traces[t][0].Length).Sum() / cycles, 1);
        int logLde = proof.LogHeights.Max() + System.Numerics.BitOperations.Log2((uint)options.Blowup);
        var result = new
        {
            cycles,
            segmentLog2 = log2,
            cyclesPerSecond = Math.Round(cycles / (proveMs / 1000.0)),
            // End to end: the run's memory plan (every segment's roots; this run has about two segments), the witness, the proof.
            cyclesPerSecondWithWitness = Math.Round(cycles / ((proveMs + witnessMs + planMs) / 1000.0)),
            proveMs = Math.Round(proveMs, 1),
            witnessMs = Math.Round(witnessMs, 1),
            memoryPlanMs = Math.Round(planMs, 1),
            memoryPlanFirstMs = Math.Round(planFirstMs, 1),
            executeMs = Math.Round(executeMs, 1),
            verifyMs = Math.Round(times[times.Count / 2], 2),
            verifyCpuMs = Math.Round(verifyCpuMs, 2),
            verifyingKeyMsPerImage = Math.Round(keyMs, 1),
            verified = first.IsValid,
            reason = first.Reason,
            proofBytes = bytes.Length,
            proofBreakdown = ProofSizeBreakdown.Of(proof),
            heightGroups = proof.LogHeights.Distinct().Count(),
            friLayers = proof.Fri.LayerRoots.Length,
            publicInputs = w.PublicInputs.Length,
            cpuColumns = new { main = layouts[VmAir.CpuIndex].MainWidth, aux = layouts[VmAir.CpuIndex].AuxBaseWidth },
            mainCellsPerCycle = Per(l => l.MainWidth),
            auxCellsPerCycle = Per(l => l.AuxBaseWidth),
            preprocessedCellsPerCycle = Per(l => l.PreprocessedWidth),
            committedColumns = layouts.Sum(l => l.CommittedWidth),
            ldeRows = 1 << logLde,
            conjecturedBits = SecurityEstimate.ConjecturedBits(options, logLde),
            provenBits = SecurityEstimate.ProvenBits(options, logLde),
            peakMemoryBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            cores = Environment.ProcessorCount,
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "",
            options = new { options.Blowup, options.Queries, options.GrindingBits, options.FoldingFactor, options.RemainderSize },
            phasesMs = phases,
            tables,
        };
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = !json }));
        return Task.FromResult(first.IsValid ? 0 : 1);
    }
}
