using System.Diagnostics;
using System.Text.Json;
using Wsc.Zk.Graph;
using Wsc.Zk.Receipts;
using Wsc.Zk.Stark;
using Wsc.Zk.Vm;

namespace Wsc.Bench;

/// <summary>
/// `zkvm-examples [--segment-log2 K] [--only NAME] [--opt 0|2] [--save DIR] --json`: each example zkGraph (built with clang from
/// guest/examples) proven end to end into a receipt at the default options and segment size, on the executor bench's
/// synthetic tick inputs (2,000 transfers, 2,000 syncs, 100 receipt proofs, a 64-neuron MLP on 50 transfers), then
/// verified. The `zkvm` bench times one full segment of the loop program; this one is what a graph's proof job costs:
/// execution, every segment's witness and proof (partial last segments included), the receipt's bytes and its check.
/// </summary>
public sealed class ZkVmExamplesBench : IBenchmark
{
    public string Name => "zkvm-examples";

    public string Description => "prove+verify a receipt of each example zkGraph end to end (--segment-log2 K, --only NAME, --opt 0|2)";

    public Task<int> RunAsync(string[] args)
    {
        int log2 = BenchArgs.Int(args, "--segment-log2", ReceiptProver.DefaultSegmentLog2);
        int opt = BenchArgs.Int(args, "--opt", 2);
        string? only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        string? save = args.SkipWhile(a => a != "--save").Skip(1).FirstOrDefault();
        bool json = args.Contains("--json");
        var options = ProofOptions.Default;
        var builder = new GuestBuilder(GuestBuilder.LocateSdk());
        var outDir = Directory.CreateTempSubdirectory("wsc-bench-");
        var cases = new List<object>();
        var self = Process.GetCurrentProcess();
        bool allValid = true;
        try
        {
            var inputs = ExecutorInputs.All().Where(c => only is null || c.Name == only).ToList();
            if (inputs.Count == 0)
            {
                Console.Error.WriteLine($"bench zkvm-examples: no example named '{only}' (erc20-volume, price-threshold, receipt-proof, zkml-mlp)");
                return Task.FromResult(2);
            }
            foreach (var (name, input) in inputs)
            {
                var built = builder.Build(Path.Combine(builder.SdkDirectory, "examples", name), opt.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(outDir.FullName, name + ".elf"));
                var image = ProgramImage.FromElf(File.ReadAllBytes(built.Elf));
                self.Refresh();
                var cpuBefore = self.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var receipt = ReceiptProver.Prove(image, input, options, log2, p =>
                    Console.Error.WriteLine($"{name}: segment {p.Index + 1}/{p.Count} ({p.Cycles:N0} cycles) proven at {p.Elapsed.TotalSeconds:F1} s"));
                double proveMs = sw.Elapsed.TotalMilliseconds;
                self.Refresh();
                double cpuMs = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                var bytes = receipt.Encode();
                if (save is not null)
                {
                    // For `wsc verify DIR/NAME.receipt --elf DIR/NAME.elf` and for profiling the verifier on real receipts.
                    Directory.CreateDirectory(save);
                    File.WriteAllBytes(Path.Combine(save, name + ".receipt"), bytes);
                    File.Copy(built.Elf, Path.Combine(save, name + ".elf"), overwrite: true);
                }

                // The verifier's path a client takes: decode the bytes, check every segment and the statement. A fresh
                // verifier (as `wsc verify` runs once per process) first builds the image's verifying keys; the median of
                // three more checks by the same verifier is the per-receipt time of a client checking many.
                var verifier = new ReceiptVerifier(options);
                sw.Restart();
                var first = verifier.Verify(Receipt.Decode(bytes), image);
                double firstVerifyMs = sw.Elapsed.TotalMilliseconds;
                var times = new List<double>();
                for (int i = 0; i < 3; i++)
                {
                    sw.Restart();
                    verifier.Verify(Receipt.Decode(bytes), image);
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                allValid &= first.IsValid;
                cases.Add(new
                {
                    name,
                    cycles = receipt.Cycles,
                    segments = receipt.Segments.Count,
                    inputBytes = input.Length,
                    outputBytes = receipt.Output.Length,
                    proveMs = Math.Round(proveMs, 1),
                    proveCpuMs = Math.Round(cpuMs, 1),
                    cyclesPerSecond = Math.Round(receipt.Cycles / (proveMs / 1000.0)),
                    receiptBytes = bytes.Length,
                    receiptBytesPerSegment = bytes.Length / receipt.Segments.Count,
                    // Where a receipt's bytes go: the STARK proofs (memory crosses segments on the bus across proofs, a
                    // few sums per segment), beside the input it carries.
                    proofBytes = receipt.Segments.Sum(s => (long)s.Proof.Length),
                    keccakSegments = receipt.Segments.Count(s => Wsc.Zk.Vm.Air.VmAir.Shape(StarkProof.Decode(s.Proof).LogHeights.Length) is { Keccak: true }),
                    verifyMs = Math.Round(times[1], 2),
                    verifyMsPerSegment = Math.Round(times[1] / receipt.Segments.Count, 2),
                    coldVerifyMs = Math.Round(firstVerifyMs, 1),
                    verified = first.IsValid,
                    reason = first.Reason,
                });
            }
        }
        finally
        {
            outDir.Delete(true);
        }

        var result = new
        {
            benchmark = Name,
            segmentLog2 = log2,
            opt,
            options = new { options.Blowup, options.Queries, options.GrindingBits, options.FoldingFactor, options.RemainderSize },
            cases,
            peakMemoryBytes = self.PeakWorkingSet64,
            cores = Environment.ProcessorCount,
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "",
        };
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = !json }));
        return Task.FromResult(allValid ? 0 : 1);
    }
}
