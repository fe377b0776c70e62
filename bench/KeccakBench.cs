using System.Diagnostics;
using System.Text.Json;
using Wsc.Zk.Air;
using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Bench;

/// <summary>
/// The cost of the keccak-256 precompile: `keccak [--bytes N] [--runs R] [--queries Q ...] --json` proves a guest that
/// reads N input bytes (1 KiB by default), hashes them and writes the digest, interleaved with the same guest making a
/// debug print of the bytes instead of the hash (same cycles, no keccak tables), and prints both prove times (wall
/// and CPU, medians), verify times (with the key built), the keccak tables' rows and columns, and the proof sizes.
/// </summary>
public sealed class KeccakBench : IBenchmark
{
    public string Name => "keccak";

    public string Description => "prove a guest hashing N bytes (--bytes, default 1024) vs the same guest without the hash";

    private static uint I(int imm, int rs1, uint f3, int rd, uint op) => ((uint)(imm & 0xfff) << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | op;

    private static uint Lui(int rd, uint imm20) => (imm20 << 12) | ((uint)rd << 7) | 0x37;

    private static uint[] Li(int rd, uint v)
    {
        var lo = (int)(v << 20) >> 20;
        return [Lui(rd, (v - (uint)lo) >> 12), I(lo, rd, 0, rd, 0x13)];
    }

    private static uint Mv(int rd, int rs) => I(0, rs, 0, rd, 0x13);

    /// <summary>read_input(0x20000, 4096) → s1; ECALL `hashOrPrint`(0x20000, s1, 0x22000); write_output(0x22000, 32); exit 0.</summary>
    private static ProgramImage Guest(uint hashOrPrint)
    {
        const int a0 = 10, a1 = 11, a2 = 12, a7 = 17, s1 = 9;
        const uint ecall = 0x73;
        uint[] code =
        [
            .. Li(a7, Syscalls.ReadInput), .. Li(a0, 0x20000), .. Li(a1, 4096), ecall, Mv(s1, a0),
            .. Li(a7, hashOrPrint), .. Li(a0, 0x20000), Mv(a1, s1), .. Li(a2, 0x22000), ecall,
            .. Li(a7, Syscalls.WriteOutput), .. Li(a0, 0x22000), .. Li(a1, 32), ecall,
            .. Li(a0, 0), .. Li(a7, Syscalls.Exit), ecall,
        ];
        return ProgramImage.FromElf(ExecutorPrograms.Elf(code));
    }

    public Task<int> RunAsync(string[] args)
    {
        int bytes = BenchArgs.Int(args, "--bytes", 1024), runs = BenchArgs.Int(args, "--runs", 3);
        if (bytes < 0 || bytes > 4096) throw new ArgumentOutOfRangeException(nameof(args), $"--bytes {bytes}: expected 0..4096");
        var d = ProofOptions.Default;
        var options = new ProofOptions(
            BenchArgs.Int(args, "--blowup", d.Blowup),
            BenchArgs.Int(args, "--queries", d.Queries),
            BenchArgs.Int(args, "--grinding", d.GrindingBits),
            BenchArgs.Int(args, "--folding", d.FoldingFactor),
            BenchArgs.Int(args, "--remainder", d.RemainderSize));
        bool json = args.Contains("--json");
        var input = Enumerable.Range(0, bytes).Select(i => (byte)(i * 131 + 7)).ToArray();

        SegmentWitness Witness(ProgramImage image)
        {
            var run = new Executor(image, new ExecutionOptions { RecordTrace = true }).Run(input);
            if (run.Trap is not null) throw new InvalidOperationException(run.Trap.Message);
            return VmAir.Build(image, run, input).Single();
        }

        var hashing = Witness(Guest(Syscalls.Keccak256));
        var plain = Witness(Guest(Syscalls.DebugPrint));
        var wall = new List<double>[2] { [], [] };
        var cpu = new List<double>[2] { [], [] };
        var proofBytes = new int[2];
        var verifyMs = new List<double>[2] { [], [] };
        bool verified = true;
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < runs; r++)
        {
            foreach (var (w, k) in (ReadOnlySpan<(SegmentWitness, int)>)[(plain, 0), (hashing, 1)])
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var proof = StarkProver.Prove(w.System, w.Traces, w.PublicInputs, options);
                wall[k].Add(sw.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu[k].Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
                var encoded = proof.Encode();
                proofBytes[k] = encoded.Length;
                var key = VerifyingKey.Create(w.System, proof.LogHeights, options);
                verified &= StarkVerifier.Verify(w.System, w.PublicInputs, encoded, options, key).IsValid;
                sw.Restart();
                StarkVerifier.Verify(w.System, w.PublicInputs, encoded, options, key);
                verifyMs[k].Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        double Median(List<double> xs) => Math.Round(xs.Order().ElementAt(xs.Count / 2), 1);

        var layouts = TableLayout.For(hashing.System);
        object Table(int index) => new
        {
            rows = hashing.Traces[index][0].Length,
            realRows = index switch
            {
                VmAir.KeccakPermutationIndex => hashing.Traces[index][KeccakPermutationTable.IsReal].Count(v => v == 1),
                VmAir.KeccakSpongeIndex => hashing.Traces[index][KeccakSpongeTable.IsAbsorb].Count(v => v == 1) + hashing.Traces[index][KeccakSpongeTable.IsSqueeze].Count(v => v == 1),
                _ => hashing.Traces[index][KeccakMemoryTable.IsReal].Count(v => v == 1),
            },
            main = layouts[index].MainWidth,
            aux = layouts[index].AuxBaseWidth,
        };
        var result = new
        {
            inputBytes = bytes,
            blocks = bytes / KeccakSpongeTable.RateBytes + 1,
            cycles = hashing.Boundary.Cycles,
            rowsPerPermutation = KeccakRound.Rounds,
            permutationColumns = new { main = layouts[VmAir.KeccakPermutationIndex].MainWidth, aux = layouts[VmAir.KeccakPermutationIndex].AuxBaseWidth },
            keccakF = Table(VmAir.KeccakPermutationIndex),
            sponge = Table(VmAir.KeccakSpongeIndex),
            memory = Table(VmAir.KeccakMemoryIndex),
            proveMsWithHash = Median(wall[1]),
            proveMsWithoutHash = Median(wall[0]),
            proveCpuMsWithHash = Median(cpu[1]),
            proveCpuMsWithoutHash = Median(cpu[0]),
            verifyMsWithHash = Median(verifyMs[1]),
            verifyMsWithoutHash = Median(verifyMs[0]),
            proofBytesWithHash = proofBytes[1],
            proofBytesWithoutHash = proofBytes[0],
            verified,
            runs,
            cores = Environment.ProcessorCount,
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "",
            options = new { options.Blowup, options.Queries, options.GrindingBits, options.FoldingFactor, options.RemainderSize },
        };
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = !json }));
        return Task.FromResult(verified ? 0 : 1);
    }
}
