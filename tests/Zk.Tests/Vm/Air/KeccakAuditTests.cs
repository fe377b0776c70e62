using System.Text;
using Wsc.Zk.Tests.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Soundness audit of the keccak precompile: coherent forgeries of the hash-input guest on "abc"
/// (<see cref="KeccakPrecompileTests.HashInput"/>) that change what the second call (the in-place hash of the digest)
/// hashes, and carry the forged digest through everything after it (the permutation, the squeeze, the digest words in
/// memory, the write_output that reads them, the claimed journal and final memory), so that one sponge rule alone is
/// broken. The debug checker must name that rule, and a proof of the forged trace (made by the unchecking prover, the
/// buses balanced) must be refused.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class KeccakAuditTests
{
    private static readonly Dictionary<string, (Func<SegmentWitness, SegmentBoundary> Forge, string Caught)> Forged = new()
    {
        // 142 booleans, 6 flag rules and 136 "zero past the padding" come first: 284 is len = 136·block + padding position.
        ["the padding one byte past the length"] = (PaddingPastTheLength, "table 'keccak-sponge': row constraint 284 fails at row 2"),
        // 285 + i: the first row's state byte i is zero.
        ["the second call continues the first call's state"] = (StateNotFresh, "table 'keccak-sponge': row constraint 285 fails at row 2"),
    };

    public static TheoryData<string> Names => [.. Forged.Keys];

    private static (ProgramImage Image, SegmentWitness Witness) Honest()
    {
        var (image, w, _) = KeccakPrecompileTests.Honest(Encoding.ASCII.GetBytes("abc"));
        return (image, w);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_debug_checker_names_the_broken_sponge_rule(string forgery)
    {
        var (image, w) = Honest();
        var (forge, caught) = Forged[forgery];
        var claimed = forge(w);
        Assert.Contains(caught, Wsc.Zk.Air.TraceChecker.Check(VmAir.System(image, claimed), w.Traces, claimed.PublicInputs()));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_proof_of_the_forged_hash_is_rejected(string forgery)
    {
        var (image, w) = Honest();
        var claimed = Forged[forgery].Forge(w);
        var system = VmAir.System(image, claimed);
        var pub = claimed.PublicInputs();
        var proof = MaliciousProver.Prove(system, w.Traces, pub, VmProving.Options);
        VmProving.AssertRejected(VmProving.Verify(image, claimed, pub, proof, w));
    }

    /// <summary>The forgery is coherent: with the sponge rule switched back it would satisfy every other constraint and bus.</summary>
    [Fact]
    public void Without_the_broken_rule_the_forgeries_are_coherent()
    {
        // Recomputing the honest second call from its own sponge row must leave the witness satisfied (the helpers are exact).
        var (image, w) = Honest();
        var claimed = Rehash(w, SecondCall(w).Row);
        Assert.Null(Wsc.Zk.Air.TraceChecker.Check(VmAir.System(image, claimed), w.Traces, claimed.PublicInputs()));
    }

    /// <summary>
    /// With the first row's zero-state rules switched off, the continued-state forgery satisfies everything: they alone
    /// give each call a fresh sponge. The late padding also fails the byte bus (the sponge then takes a 33rd message
    /// byte that memory never hands over): the padding position is pinned by the length rule and by the byte count.
    /// </summary>
    [Fact]
    public void Which_rules_stand_between_each_forgery_and_an_accepted_proof()
    {
        var (image, w) = Honest();
        var claimed = StateNotFresh(w);
        var zeroState = Enumerable.Range(285, KeccakSpongeTable.RateBytes + KeccakSpongeTable.CapacityLimbs).ToHashSet();
        Assert.Null(Wsc.Zk.Air.TraceChecker.Check(WithoutSpongeRules(image, claimed, zeroState), w.Traces, claimed.PublicInputs()));

        (image, w) = Honest();
        claimed = PaddingPastTheLength(w);
        Assert.Contains($"bus {VmBus.KeccakByte} does not balance", Wsc.Zk.Air.TraceChecker.Check(WithoutSpongeRules(image, claimed, [284]), w.Traces, claimed.PublicInputs()));
    }

    private static Wsc.Zk.Air.AirSystem WithoutSpongeRules(ProgramImage image, SegmentBoundary boundary, IEnumerable<int> off)
    {
        var system = VmAir.System(image, boundary);
        var tables = system.Tables.ToArray();
        tables[VmAir.KeccakSpongeIndex] = new RowRulesOff(tables[VmAir.KeccakSpongeIndex], off);
        return new Wsc.Zk.Air.AirSystem(system.Name, tables);
    }

    /// <summary>A table with some of its row constraints switched off (to find out which rule a forgery breaks).</summary>
    private sealed class RowRulesOff(Wsc.Zk.Air.TableAir inner, IEnumerable<int> off) : Wsc.Zk.Air.TableAir
    {
        public override string Name => inner.Name;
        public override int MainWidth => inner.MainWidth;
        public override IReadOnlyList<int> TransitionDegrees => inner.TransitionDegrees;
        public override IReadOnlyList<int> RowDegrees => inner.RowDegrees;
        public override int InteractionsPerAuxColumn => inner.InteractionsPerAuxColumn;
        public override IReadOnlyList<Wsc.Zk.Air.Interaction> Interactions => inner.Interactions;

        public override IReadOnlyList<Wsc.Zk.Air.BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<ulong> publicInputs, int height) =>
            inner.BoundaryConstraints(publicInputs, height);

        public override void EvaluateTransition<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> next, ReadOnlySpan<T> periodic, Span<T> result) =>
            inner.EvaluateTransition(current, next, periodic, result);

        public override void EvaluateRow<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> periodic, Span<T> result)
        {
            inner.EvaluateRow(current, periodic, result);
            foreach (int k in off) result[k] = T.Zero;
        }
    }

    private static ulong[][] Sponge(SegmentWitness w) => w.Traces[VmAir.KeccakSpongeIndex];

    /// <summary>The second call's first sponge row and its clk (the call with the larger clk).</summary>
    private static (int Row, ulong Clk) SecondCall(SegmentWitness w)
    {
        var s = Sponge(w);
        var firsts = Enumerable.Range(0, s[0].Length).Where(i => s[KeccakSpongeTable.First][i] == 1).ToArray();
        Assert.Equal(2, firsts.Length);
        int row = firsts.MaxBy(i => s[KeccakSpongeTable.Clk][i]);
        Assert.Equal(32UL, s[KeccakSpongeTable.Len][row]);
        return (row, s[KeccakSpongeTable.Clk][row]);
    }

    /// <summary>The 32-byte message's padding at byte 33 instead of 32 (message byte 32 is zero, as the rule for bytes past the padding allows).</summary>
    private static SegmentBoundary PaddingPastTheLength(SegmentWitness w)
    {
        var (row, _) = SecondCall(w);
        var s = Sponge(w);
        Assert.Equal(1UL, s[KeccakSpongeTable.Pad0 + 32][row]);
        s[KeccakSpongeTable.Pad0 + 32][row] = 0;
        s[KeccakSpongeTable.Pad0 + 33][row] = 1;
        return Rehash(w, row);
    }

    /// <summary>The second call starts from the first call's final state instead of zero (one sponge across two calls).</summary>
    private static SegmentBoundary StateNotFresh(SegmentWitness w)
    {
        var (row, _) = SecondCall(w);
        var s = Sponge(w);
        int squeeze1 = Enumerable.Range(0, row).Single(i => s[KeccakSpongeTable.IsSqueeze][i] == 1);
        for (int i = 0; i < KeccakSpongeTable.RateBytes; i++) s[KeccakSpongeTable.S0 + i][row] = s[KeccakSpongeTable.S0 + i][squeeze1];
        for (int l = 0; l < KeccakSpongeTable.CapacityLimbs; l++) s[KeccakSpongeTable.Cap0 + l][row] = s[KeccakSpongeTable.Cap0 + l][squeeze1];
        return Rehash(w, row);
    }

    /// <summary>
    /// Redoes the one-block call whose absorb row is `row` from that row's state, message and padding: its XOR bytes,
    /// its permutation, its squeeze row, and the digest it writes, everywhere the digest goes after it.
    /// </summary>
    private static SegmentBoundary Rehash(SegmentWitness w, int row)
    {
        var s = Sponge(w);
        ulong clk = s[KeccakSpongeTable.Clk][row];
        ulong final = 0;
        for (int i = 0; i < KeccakSpongeTable.RateBytes; i++) final += s[KeccakSpongeTable.Pad0 + i][row];
        Assert.Equal(1UL, final);
        var input = new ulong[25];
        for (int i = 0; i < KeccakSpongeTable.RateBytes; i++)
        {
            ulong padded = s[KeccakSpongeTable.Msg0 + i][row] + s[KeccakSpongeTable.Pad0 + i][row] + (i == KeccakSpongeTable.RateBytes - 1 ? 0x80UL : 0);
            ulong x = s[KeccakSpongeTable.S0 + i][row] ^ padded;
            s[KeccakSpongeTable.X0 + i][row] = x;
            input[i / 8] |= x << (8 * (i % 8));
        }
        for (int l = 0; l < KeccakSpongeTable.CapacityLimbs; l++)
            input[KeccakSpongeTable.RateLanes + l / 2] |= s[KeccakSpongeTable.Cap0 + l][row] << (32 * (l % 2));

        var p = w.Traces[VmAir.KeccakPermutationIndex];
        int perm = Enumerable.Range(0, p[0].Length).Single(i => p[KeccakPermutationTable.IsReal][i] == 1 && p[KeccakPermutationTable.Step0][i] == 1 && p[KeccakPermutationTable.Clk][i] == clk);
        var output = KeccakPermutationTable.Write(p, perm, input, true, clk, 0);
        int squeeze = row + 1;
        Assert.Equal(1UL, s[KeccakSpongeTable.IsSqueeze][squeeze]);
        for (int i = 0; i < KeccakSpongeTable.RateBytes; i++) s[KeccakSpongeTable.S0 + i][squeeze] = (output[i / 8] >> (8 * (i % 8))) & 255;
        for (int l = 0; l < KeccakSpongeTable.CapacityLimbs; l++)
            s[KeccakSpongeTable.Cap0 + l][squeeze] = (output[KeccakSpongeTable.RateLanes + l / 2] >> (32 * (l % 2))) & 0xffffffff;
        var digest = new byte[KeccakSpongeTable.DigestBytes];
        for (int i = 0; i < digest.Length; i++) digest[i] = (byte)(output[i / 8] >> (8 * (i % 8)));
        return WriteDigest(w, clk, digest);
    }

    /// <summary>The call at `clk` writes `digest`: its digest words, the write_output after it that reads them, the journal and final memory agree.</summary>
    private static SegmentBoundary WriteDigest(SegmentWitness w, ulong clk, byte[] digest)
    {
        var mem = w.Traces[VmAir.KeccakMemoryIndex];
        var words = new Dictionary<uint, uint>();
        for (int r = 0; r < mem[0].Length; r++)
        {
            if (mem[KeccakMemoryTable.IsOut][r] != 1 || mem[KeccakMemoryTable.Clk][r] != clk) continue;
            uint value = 0;
            for (int b = 0; b < 4; b++)
            {
                if (mem[KeccakMemoryTable.In0 + b][r] == 1)
                    mem[KeccakMemoryTable.AB0 + b][r] = digest[(int)(Wsc.Zk.Field.Goldilocks.Add(mem[KeccakMemoryTable.Pos][r], (ulong)b))];
                value |= (uint)mem[KeccakMemoryTable.AB0 + b][r] << (8 * b);
            }
            words[(uint)(4 * mem[KeccakMemoryTable.WLo][r] + (mem[KeccakMemoryTable.WHi][r] << 18))] = value;
        }
        Assert.Equal(9, words.Count);
        // The only later access to these words is the write_output of the digest (a read: before = after).
        var io = w.Traces[VmAir.IoIndex];
        int touched = 0;
        for (int r = 0; r < io[0].Length; r++)
        {
            if (io[IoTable.IsReal][r] != 1 || io[IoTable.Clk][r] <= clk) continue;
            uint address = (uint)(4 * io[IoTable.WLo][r] + (io[IoTable.WHi][r] << 18));
            if (!words.TryGetValue(address, out uint value)) continue;
            Assert.Equal(1UL, io[IoTable.IsWrite][r]);
            for (int b = 0; b < 4; b++) io[IoTable.BB0 + b][r] = io[IoTable.AB0 + b][r] = (value >> (8 * b)) & 255;
            touched++;
        }
        Assert.Equal(9, touched);
        Forgeries.Recount(w);
        var journal = (byte[])w.Boundary.Journal.Clone();
        Assert.Equal(64, journal.Length);
        digest.CopyTo(journal, 32);
        // The memory-boundary table hands each word's final value to the bus across proofs: it carries the forged values too.
        var bt = w.Traces[VmAir.BoundaryIndex];
        for (int r = 0; r < bt[0].Length; r++)
        {
            if (bt[MemoryBoundaryTable.Ram][r] == 1 && words.TryGetValue((uint)bt[MemoryBoundaryTable.Address][r], out uint forged))
                bt[MemoryBoundaryTable.ValueOut][r] = forged;
        }
        return Forgeries.WithRefilledMemorySum(w) with { Journal = journal };
    }
}
