using System.Text;
using Wsc.Zk.Tests.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Forged keccak witnesses of the hash-input guest (<see cref="KeccakPrecompileTests.HashInput"/> on "abc"): the debug
/// checker names the broken rule, and a proof made by the malicious prover (bus sums claimed to cancel) is rejected.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class KeccakForgeryTests
{
    private static readonly Dictionary<string, (Func<SegmentWitness, SegmentBoundary> Forge, string Caught)> Forged = new()
    {
        ["keccak output changed in memory"] = (DigestChangedInMemory, $"bus {VmBus.KeccakByte} does not balance"),
        ["wrong round constant"] = (WrongRoundConstant, "table 'keccak-f': row constraint"),
        ["lane bit flipped between rounds"] = (LaneBitFlippedBetweenRounds, "table 'keccak-f': transition constraint"),
        ["lane bit flipped inside a round"] = (LaneBitFlippedInsideRound, "table 'keccak-f': row constraint"),
        ["absorbed byte not from memory"] = (AbsorbedByteNotFromMemory, $"bus {VmBus.KeccakByte} does not balance"),
    };

    public static TheoryData<string> Names => [.. Forged.Keys];

    private static (ProgramImage Image, SegmentWitness Witness) Honest()
    {
        var (image, w, _) = KeccakPrecompileTests.Honest(Encoding.ASCII.GetBytes("abc"));
        return (image, w);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_debug_checker_names_the_broken_rule(string forgery)
    {
        var (image, w) = Honest();
        var (forge, caught) = Forged[forgery];
        var claimed = forge(w);
        Assert.Contains(caught, Wsc.Zk.Air.TraceChecker.Check(VmAir.System(image, claimed), w.Traces, claimed.PublicInputs()));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_proof_of_a_forged_keccak_is_rejected(string forgery)
    {
        var (image, w) = Honest();
        var claimed = Forged[forgery].Forge(w);
        var system = VmAir.System(image, claimed);
        var pub = claimed.PublicInputs();
        var proof = MaliciousProver.ProveWithBalancedSums(system, w.Traces, pub, VmProving.Options);
        VmProving.AssertRejected(VmProving.Verify(image, claimed, pub, proof, w));
    }

    [Fact]
    public void A_hashing_segment_claimed_without_the_keccak_tables_is_rejected()
    {
        var (image, w) = Honest();
        var claimed = w.Boundary with { Keccak = false };
        var system = VmAir.System(image, claimed);
        // The halting segment keeps its footprint tables (after the keccak tables in the honest witness).
        Assert.Equal(VmAir.TablesWithoutKeccak + VmAir.FootprintTables, system.Tables.Count);
        ulong[][][] traces = [.. w.Traces[..VmAir.TablesWithoutKeccak], .. w.Traces[^VmAir.FootprintTables..]];
        traces[VmAir.BytesIndex] = ByteTable.Multiplicities(system, traces);
        var pub = claimed.PublicInputs();
        // The keccak calls, and the memory accesses the keccak tables made, are left without a counterpart.
        Assert.Contains("does not balance", Wsc.Zk.Air.TraceChecker.Check(system, traces, pub));
        var proof = MaliciousProver.ProveWithBalancedSums(system, traces, pub, VmProving.Options);
        int[] logHeights = [.. traces.Select(t => System.Numerics.BitOperations.Log2((uint)t[0].Length))];
        VmProving.AssertRejected(Wsc.Zk.Stark.StarkVerifier.Verify(system, Wsc.Zk.Stark.VerifyingKey.Create(system, logHeights, VmProving.Options), pub, proof));
    }

    [Fact]
    public void Segments_that_do_not_hash_are_proven_without_the_keccak_tables()
    {
        var (image, w) = Forgeries.StraightLine();
        Assert.False(w.Boundary.Keccak);
        Assert.Equal(VmAir.TablesWithoutKeccak + VmAir.FootprintTables, w.Traces.Length);
        Assert.True(Honest().Witness.Boundary.Keccak);
        VmProving.ProveAndVerify(image, w);
    }

    private static ulong[][] Memory(SegmentWitness w) => w.Traces[VmAir.KeccakMemoryIndex];

    private static ulong[][] Sponge(SegmentWitness w) => w.Traces[VmAir.KeccakSpongeIndex];

    private static ulong[][] Permutation(SegmentWitness w) => w.Traces[VmAir.KeccakPermutationIndex];

    private static uint WordAddress(ulong[][] t, int lo, int hi, int row) => (uint)(4 * t[lo][row] + (t[hi][row] << 18));

    /// <summary>
    /// The second (in-place) hash writes a digest byte one higher, and everything after it agrees: the write_output
    /// that reads it, the claimed journal and the segment's final memory. Only the squeezed digest disagrees.
    /// </summary>
    private static SegmentBoundary DigestChangedInMemory(SegmentWitness w)
    {
        var mem = Memory(w);
        ulong clk = Enumerable.Range(0, mem[0].Length).Where(i => mem[KeccakMemoryTable.IsOut][i] == 1).Max(i => mem[KeccakMemoryTable.Clk][i]);
        int row = Enumerable.Range(0, mem[0].Length).First(i => mem[KeccakMemoryTable.IsOut][i] == 1 && mem[KeccakMemoryTable.Clk][i] == clk);
        // The digest buffer is at 0x22003: its first word holds digest byte 0 in byte 3.
        uint word = WordAddress(mem, KeccakMemoryTable.WLo, KeccakMemoryTable.WHi, row);
        Assert.Equal(KeccakPrecompileTests.Digest & ~3u, word);
        mem[KeccakMemoryTable.AB0 + 3][row] ^= 1;
        var io = w.Traces[VmAir.IoIndex];
        int ioRow = Enumerable.Range(0, io[0].Length).First(i => io[IoTable.IsReal][i] == 1 && io[IoTable.Clk][i] > clk && WordAddress(io, IoTable.WLo, IoTable.WHi, i) == word);
        io[IoTable.BB0 + 3][ioRow] ^= 1;
        io[IoTable.AB0 + 3][ioRow] ^= 1;
        Forgeries.Recount(w);
        var journal = (byte[])w.Boundary.Journal.Clone();
        journal[32] ^= 1;
        // The memory-boundary table hands the word's final value to the bus across proofs: it carries the forged value too.
        var b = w.Traces[VmAir.BoundaryIndex];
        for (int r = 0; r < b[0].Length; r++)
        {
            if (b[MemoryBoundaryTable.Ram][r] == 1 && b[MemoryBoundaryTable.Address][r] == word)
                b[MemoryBoundaryTable.ValueOut][r] ^= 1UL << 24;
        }
        return Forgeries.WithRefilledMemorySum(w) with { Journal = journal };
    }

    /// <summary>The state entering `round` of the first permutation, from its limbs.</summary>
    private static ulong[] StateAt(ulong[][] p, int row)
    {
        var state = new ulong[25];
        for (int lane = 0; lane < 25; lane++) state[lane] = p[KeccakPermutationTable.A(lane, 0)][row] | (p[KeccakPermutationTable.A(lane, 1)][row] << 32);
        return state;
    }

    /// <summary>Round 5 of the first permutation applies round 6's constant; the later rounds follow from it honestly.</summary>
    private static SegmentBoundary WrongRoundConstant(SegmentWitness w)
    {
        var p = Permutation(w);
        var m = KeccakRound.Round(StateAt(p, 5), 5);
        var forged = (ulong[])m.APrimePrime.Clone();
        forged[0] ^= KeccakRound.RoundConstants[6];
        for (int l = 0; l < 2; l++) p[KeccakPermutationTable.APPP00 + l][5] = (forged[0] >> (32 * l)) & 0xffffffff;
        KeccakPermutationTable.Write(p, 6, forged, true, p[KeccakPermutationTable.Clk][0], p[KeccakPermutationTable.Block][0], KeccakRound.Rounds - 6, firstRound: 6);
        return w.Boundary;
    }

    /// <summary>Between rounds 11 and 12 of the first permutation one bit of lane 6 flips; rounds 12.. follow honestly.</summary>
    private static SegmentBoundary LaneBitFlippedBetweenRounds(SegmentWitness w)
    {
        var p = Permutation(w);
        var state = StateAt(p, 12);
        state[6] ^= 1UL << 7;
        KeccakPermutationTable.Write(p, 12, state, true, p[KeccakPermutationTable.Clk][0], p[KeccakPermutationTable.Block][0], KeccakRound.Rounds - 12, firstRound: 12);
        return w.Boundary;
    }

    /// <summary>In round 12 of the first permutation one bit of A' (after theta) flips and chi's output follows it.</summary>
    private static SegmentBoundary LaneBitFlippedInsideRound(SegmentWitness w)
    {
        var p = Permutation(w);
        p[KeccakPermutationTable.APrime(6, 7)][12] ^= 1;
        return w.Boundary;
    }

    /// <summary>
    /// The first hash absorbs 'c' as 'b': the sponge's message byte and XOR change, the permutation runs on the forged
    /// block and the squeeze row takes its output. The memory table still hands over the bytes in memory.
    /// </summary>
    private static SegmentBoundary AbsorbedByteNotFromMemory(SegmentWitness w)
    {
        var s = Sponge(w);
        var p = Permutation(w);
        Assert.Equal((ulong)'c', s[KeccakSpongeTable.Msg0 + 2][0]);
        s[KeccakSpongeTable.Msg0 + 2][0] ^= 1;
        s[KeccakSpongeTable.X0 + 2][0] ^= 1;
        var input = StateAt(p, 0);
        input[0] ^= 1UL << 16;
        var output = KeccakPermutationTable.Write(p, 0, input, true, p[KeccakPermutationTable.Clk][0], p[KeccakPermutationTable.Block][0]);
        for (int i = 0; i < KeccakSpongeTable.RateBytes; i++) s[KeccakSpongeTable.S0 + i][1] = (output[i / 8] >> (8 * (i % 8))) & 255;
        for (int l = 0; l < KeccakSpongeTable.CapacityLimbs; l++) s[KeccakSpongeTable.Cap0 + l][1] = (output[KeccakSpongeTable.RateLanes + l / 2] >> (32 * (l % 2))) & 0xffffffff;
        Forgeries.Recount(w);
        return w.Boundary;
    }
}
