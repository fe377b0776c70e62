namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The rows of the keccak tables for one segment, gathered call by call while the trace generator replays the CPU, then
/// written as the keccak-memory, keccak-sponge and keccak-f traces.
/// </summary>
internal sealed class KeccakWitness(MemoryRegions regions)
{
    private readonly List<ulong[]> memory = [], sponge = [];
    private readonly List<(ulong Clk, ulong Block, ulong[] Input)> permutations = [];

    /// <summary>keccak256 calls so far.</summary>
    public int Calls { get; private set; }

    /// <summary>
    /// One keccak256 call at CPU row i: `words` are the ECALL's recorded accesses (the input words, then the digest
    /// words). Updates the RAM timestamps (input read at 4·clk + 1, digest written at 4·clk + 2) and a2's (read at
    /// 4·clk + 2). Throws naming the row when the executor's record disagrees with the hash.
    /// </summary>
    public void Call(int i, ulong clk, uint ptr, uint len, uint outPtr, SyscallAccess[] words, Dictionary<uint, ulong> memTs, ref ulong a2Ts)
    {
        int inWords = len == 0 ? 0 : (int)((((ptr + len - 1) & ~3u) - (ptr & ~3u)) / 4) + 1;
        if (words.Length != inWords + 8 + ((outPtr & 3) != 0 ? 1 : 0))
            throw new InvalidOperationException($"row {i}: the keccak call touched {words.Length} words, expected {inWords} input and the digest's");
        var message = new byte[len];
        for (int j = 0; j < inWords; j++)
        {
            for (int b = 0; b < 4; b++)
            {
                long at = (long)words[j].Address + b - ptr;
                if (at >= 0 && at < len) message[at] = (byte)(words[j].Before >> (8 * b));
            }
        }
        BufferWords(i, clk, true, ptr, len, words.AsSpan(0, inWords), memTs);
        BufferWords(i, clk, false, outPtr, KeccakSpongeTable.DigestBytes, words.AsSpan(inWords), memTs);
        var digest = KeccakRound.Keccak256(message);
        for (int b = 0; b < digest.Length; b++)
        {
            var w = words[inWords + (int)(((outPtr + (uint)b) & ~3u) - (outPtr & ~3u)) / 4];
            if ((byte)(w.After >> (int)(8 * ((outPtr + (uint)b) & 3))) != digest[b])
                throw new InvalidOperationException($"row {i}: the executor's keccak digest differs from the AIR's at byte {b}");
        }
        permutations.AddRange(KeccakSpongeTable.Write(sponge, regions, clk, ptr, message, outPtr, a2Ts));
        a2Ts = 4 * clk + 2;
        Calls++;
    }

    /// <summary>The keccak memory rows of one buffer: a word per row, in address order.</summary>
    private void BufferWords(int i, ulong clk, bool input, uint buf, uint count, ReadOnlySpan<SyscallAccess> words, Dictionary<uint, ulong> memTs)
    {
        if (count == 0) return;
        uint first = buf & ~3u, lastByte = buf + count - 1;
        int n = (int)(((lastByte & ~3u) - first) / 4) + 1;
        ulong acc = 0;
        for (int j = 0; j < n; j++)
        {
            var w = words[j];
            uint wa = first + 4u * (uint)j;
            if (w.Address != wa) throw new InvalidOperationException($"row {i}: keccak word {j} is at 0x{w.Address:x8}, expected 0x{wa:x8}");
            if (input && w.Before != w.After) throw new InvalidOperationException($"row {i}: the keccak input word 0x{wa:x8} changed");
            int from = j == 0 ? (int)(buf & 3) : 0, to = j == n - 1 ? (int)(lastByte & 3) : 3;
            acc += (ulong)(to - from + 1);
            ulong prev = memTs.GetValueOrDefault(wa);
            memTs[wa] = 4 * clk + (input ? 1UL : 2);
            var row = new ulong[KeccakMemoryTable.Width];
            KeccakMemoryTable.Write(row, input, j == 0, j == n - 1, clk, wa, buf, count, from, to, acc, w.Before, w.After, prev);
            memory.Add(row);
        }
    }

    /// <summary>Writes the three keccak traces into a segment's trace array.</summary>
    public void WriteTraces(ulong[][][] traces)
    {
        traces[VmAir.KeccakMemoryIndex] = SegmentTraceGenerator.Chip(memory, KeccakMemoryTable.Width, KeccakMemoryTable.WritePadding);
        // The sponge always ends in a padding row (its last row may not absorb).
        int height = SegmentTraceGenerator.Pow2(Math.Max(2, sponge.Count + 1));
        var rows = new List<ulong[]>(sponge);
        while (rows.Count < height) rows.Add(new ulong[KeccakSpongeTable.Width]);
        traces[VmAir.KeccakSpongeIndex] = SegmentTraceGenerator.Columns(rows, KeccakSpongeTable.Width, height);
        traces[VmAir.KeccakPermutationIndex] = KeccakPermutationTable.Trace(permutations);
    }
}
