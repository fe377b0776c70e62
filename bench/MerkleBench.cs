using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Wsc.Zk.Crypto;
using Wsc.Zk.Field;

namespace Wsc.Bench;

/// <summary>
/// Merkle commitment of 2^K rows × C columns with keyed BLAKE3 (as the prover does, sixteen lanes), with the one-message
/// costs of BLAKE3 (the verifier's), SHA-256 and a Poseidon2-shaped algebraic hash over Goldilocks for comparison:
/// `merkle --log-rows 20 --columns 100 --json`.
/// </summary>
public sealed class MerkleBench : IBenchmark
{
    public string Name => "merkle";

    public string Description => "Merkle commit of 2^K rows x C columns with keyed BLAKE3 (measured), one-message BLAKE3 / SHA-256 / Poseidon2 costs";

    public Task<int> RunAsync(string[] args)
    {
        int logRows = BenchArgs.Int(args, "--log-rows", 20);
        int columns = BenchArgs.Int(args, "--columns", 100);
        int rows = 1 << logRows;
        var cols = new ulong[columns][];
        for (int j = 0; j < columns; j++)
        {
            cols[j] = new ulong[rows];
            for (int i = 0; i < rows; i++) cols[j][i] = ((ulong)i * 0x9E3779B97F4A7C15UL + (ulong)j) % Goldilocks.P;
        }
        void Fill(int start, int count, Span<ulong> dest)
        {
            for (int j = 0; j < columns; j++)
                for (int r = 0; r < count; r++) dest[r * columns + j] = cols[j][start + r];
        }
        MerkleTree.Commit(1024, columns, Fill); // warm-up
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var tree = MerkleTree.Commit(rows, columns, Fill);
        double commitMs = sw.Elapsed.TotalMilliseconds;
        double commitCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;

        // One message at a time, one thread: keyed BLAKE3 (the verifier's leaves and nodes), then SHA-256.
        var row = new ulong[columns];
        var digest = new byte[32];
        var pair = new byte[64];
        const int Reps = 200_000;
        sw.Restart();
        for (int i = 0; i < Reps; i++) MerkleHash.Leaf(row, digest);
        double blakeLeafNs = sw.Elapsed.TotalNanoseconds / Reps;
        sw.Restart();
        for (int i = 0; i < Reps; i++) MerkleHash.Node(pair, digest);
        double blakeNodeNs = sw.Elapsed.TotalNanoseconds / Reps;
        sw.Restart();
        for (int i = 0; i < Reps; i++) Sha256.Hash(MemoryMarshal.AsBytes(row.AsSpan()), digest);
        double shaLeafNs = sw.Elapsed.TotalNanoseconds / Reps;
        sw.Restart();
        for (int i = 0; i < Reps; i++) Sha256.Hash(pair, digest);
        double shaNodeNs = sw.Elapsed.TotalNanoseconds / Reps;
        sw.Restart();
        for (int i = 0; i < Reps / 4; i++) System.Security.Cryptography.SHA256.HashData(pair, digest);
        double bclNodeNs = sw.Elapsed.TotalNanoseconds / (Reps / 4);

        // Poseidon2: sponge over the row (rate 8) for leaves, one permutation per 2-to-1 node.
        var p2 = new Poseidon2Goldilocks();
        Span<ulong> state = stackalloc ulong[12];
        const int PReps = 20_000;
        sw.Restart();
        for (int i = 0; i < PReps; i++) p2.HashRow(row, state);
        double p2LeafNs = sw.Elapsed.TotalNanoseconds / PReps;
        sw.Restart();
        for (int i = 0; i < PReps; i++) p2.Permute(state);
        double p2NodeNs = sw.Elapsed.TotalNanoseconds / PReps;
        int cores = Environment.ProcessorCount;
        double p2TreeMsEstimate = (rows * p2LeafNs + rows * p2NodeNs) / 1e6 / cores;

        var result = new
        {
            rows,
            columns,
            commitMs = Math.Round(commitMs, 1),
            commitCpuMs = Math.Round(commitCpuMs, 1),
            hash = "keyed BLAKE3",
            blake3LeafNs = Math.Round(blakeLeafNs, 1),
            blake3NodeNs = Math.Round(blakeNodeNs, 1),
            sha256Native = Sha256.IsNative,
            sha256LeafNs = Math.Round(shaLeafNs, 1),
            sha256NodeNs = Math.Round(shaNodeNs, 1),
            bclSha256NodeNs = Math.Round(bclNodeNs, 1),
            poseidon2LeafNs = Math.Round(p2LeafNs, 1),
            poseidon2PermutationNs = Math.Round(p2NodeNs, 1),
            poseidon2TreeMsEstimate = Math.Round(p2TreeMsEstimate, 1),
            root = Convert.ToHexString(tree.Root)[..16],
            check = state[0],
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "",
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return Task.FromResult(0);
    }
}

/// <summary>
/// A Poseidon2-shaped permutation over Goldilocks (t = 12, x^7, 8 full + 22 partial rounds, the paper's M4-based external
/// matrix and a diagonal internal matrix) with constants drawn from SHA-256. It exists to measure what an algebraic hash
/// costs here; its constants are not the reference ones, so it is not used for commitments.
/// </summary>
internal sealed class Poseidon2Goldilocks
{
    private const int T = 12, FullRounds = 8, PartialRounds = 22;
    private readonly ulong[] _external = new ulong[FullRounds * T];
    private readonly ulong[] _internal = new ulong[PartialRounds];
    private readonly ulong[] _diag = new ulong[T];

    public Poseidon2Goldilocks()
    {
        var t = new Transcript("poseidon2-goldilocks-benchmark-constants");
        for (int i = 0; i < _external.Length; i++) _external[i] = t.DrawBase();
        for (int i = 0; i < _internal.Length; i++) _internal[i] = t.DrawBase();
        for (int i = 0; i < T; i++) _diag[i] = t.DrawBase();
    }

    private static ulong Sbox(ulong x)
    {
        ulong x2 = Goldilocks.Mul(x, x), x3 = Goldilocks.Mul(x2, x), x4 = Goldilocks.Mul(x2, x2);
        return Goldilocks.Mul(x3, x4);
    }

    private static void M4(Span<ulong> s)
    {
        // The Poseidon2 paper's 4×4 MDS [[5,7,1,3],[4,6,1,1],[1,3,5,7],[1,1,4,6]] with additions and doublings.
        ulong t0 = Goldilocks.Add(s[0], s[1]), t1 = Goldilocks.Add(s[2], s[3]);
        ulong t2 = Goldilocks.Add(Goldilocks.Add(s[1], s[1]), t1), t3 = Goldilocks.Add(Goldilocks.Add(s[3], s[3]), t0);
        ulong t4 = Goldilocks.Add(Goldilocks.Add(Goldilocks.Add(t1, t1), Goldilocks.Add(t1, t1)), t3);
        ulong t5 = Goldilocks.Add(Goldilocks.Add(Goldilocks.Add(t0, t0), Goldilocks.Add(t0, t0)), t2);
        ulong t6 = Goldilocks.Add(t3, t5), t7 = Goldilocks.Add(t2, t4);
        s[0] = t6;
        s[1] = t5;
        s[2] = t7;
        s[3] = t4;
    }

    private static void External(Span<ulong> s)
    {
        for (int i = 0; i < T; i += 4) M4(s.Slice(i, 4));
        Span<ulong> sums = stackalloc ulong[4];
        for (int k = 0; k < 4; k++) sums[k] = Goldilocks.Add(Goldilocks.Add(s[k], s[k + 4]), s[k + 8]);
        for (int i = 0; i < T; i++) s[i] = Goldilocks.Add(s[i], sums[i & 3]);
    }

    private void Internal(Span<ulong> s)
    {
        ulong sum = 0;
        for (int i = 0; i < T; i++) sum = Goldilocks.Add(sum, s[i]);
        for (int i = 0; i < T; i++) s[i] = Goldilocks.Add(Goldilocks.Mul(s[i], _diag[i]), sum);
    }

    public void Permute(Span<ulong> s)
    {
        External(s);
        for (int r = 0; r < FullRounds / 2; r++) FullRound(s, r);
        for (int r = 0; r < PartialRounds; r++)
        {
            s[0] = Sbox(Goldilocks.Add(s[0], _internal[r]));
            Internal(s);
        }
        for (int r = FullRounds / 2; r < FullRounds; r++) FullRound(s, r);
    }

    private void FullRound(Span<ulong> s, int r)
    {
        for (int i = 0; i < T; i++) s[i] = Sbox(Goldilocks.Add(s[i], _external[r * T + i]));
        External(s);
    }

    /// <summary>Sponge with rate 8, capacity 4 over the row; the digest is state[0..4).</summary>
    public void HashRow(ReadOnlySpan<ulong> row, Span<ulong> state)
    {
        state.Clear();
        for (int i = 0; i < row.Length; i += 8)
        {
            int n = Math.Min(8, row.Length - i);
            for (int k = 0; k < n; k++) state[k] = Goldilocks.Add(state[k], row[i + k]);
            Permute(state);
        }
    }
}
