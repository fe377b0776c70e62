using System.Diagnostics;
using Wsc.Zk.Receipts;
using Wsc.Zk.Vm;
using Xunit.Abstractions;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Random RV32IM programs: every segment of every run satisfies the AIR, and whole guests (straight-line code, loops,
/// memory, input and output) are proven into receipts whose verified facts equal the executor's.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class RandomProgramTests(ITestOutputHelper output)
{
    /// <summary>Segments of 2^8 cycles: the guests run a few hundred cycles, so most span 2-3 segments.</summary>
    private const int SegmentLog2 = 8;

    private static readonly string[] Divisions = ["Div", "Divu", "Rem", "Remu"];
    private static readonly string[] BranchNames = ["Beq", "Bne", "Blt", "Bge", "Bltu", "Bgeu"];
    private static readonly string[] MemoryNames = ["Sb", "Sh", "Sw", "Lb", "Lh", "Lw", "Lbu", "Lhu"];

    private static readonly int[] FixedSeeds = [101, 102, 103, 104, 105, 106, 107, 108, 109];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_segment_of_a_random_program_satisfies_the_AIR(int seed)
    {
        var (image, result) = VmProving.Run(RandomPrograms.Generate(seed, 120, 3), segmentLog2: 8);
        var witnesses = VmProving.Witnesses(image, result);
        Assert.True(witnesses.Length >= 2);
        foreach (var w in witnesses) VmProving.AssertSatisfied(w);
        Assert.Null(Wsc.Zk.Vm.Air.SegmentChain.Check(image, [.. witnesses.Select(w => w.Boundary)]));
        Assert.Equal((uint)result.ExitCode, witnesses[^1].Boundary.ExitCode);
    }

    [Fact]
    public void Random_guests_are_proven_into_receipts_whose_facts_equal_the_executors()
    {
        // A fixed set, and one fresh seed a run so the property keeps exploring; every seed is in the test output.
        int fresh = Random.Shared.Next(1000, int.MaxValue);
        int[] seeds = [.. FixedSeeds, fresh];
        output.WriteLine($"fresh seed this run: {fresh} (replay with RandomPrograms.Guest({fresh}))");
        var verifier = new ReceiptVerifier(VmProving.Options);
        var failures = new List<string>();
        int multiSegment = 0;
        foreach (int seed in seeds)
        {
            var sw = Stopwatch.StartNew();
            var guest = RandomPrograms.Guest(seed);
            try
            {
                var facts = ProveAndCheck(guest, verifier);
                if (facts.Segments >= 2) multiSegment++;
                output.WriteLine($"seed {seed}: {guest.Words.Length} instructions, {facts.Cycles} cycles in {facts.Segments} segments, "
                    + $"{guest.Input.Length} input bytes, {facts.Output.Length} output bytes, exit 0x{facts.ExitCode:x8}, {sw.ElapsedMilliseconds} ms");
            }
            catch (Exception e)
            {
                failures.Add($"seed {seed}: {e.Message.ReplaceLineEndings(" ")}");
                output.WriteLine($"seed {seed} FAILED: {e.Message}\nAIR check of its segments: {AirDiagnosis(guest)}\n{guest.Listing()}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {seeds.Length} random guests failed: {string.Join("; ", failures)}");
        Assert.True(multiSegment >= seeds.Length / 2, $"only {multiSegment} of {seeds.Length} guests spanned 2 or more segments");
    }

    /// <summary>Proves the guest, verifies the decoded receipt, and checks its facts against a plain run; returns the verified facts.</summary>
    private static ReceiptFacts ProveAndCheck(RandomProgram guest, ReceiptVerifier verifier)
    {
        var image = guest.Image();
        var run = new Executor(image).Run(guest.Input);
        Assert.True(run.Exited, $"the executor trapped: {run.Trap?.Message}");
        var receipt = ReceiptProver.Prove(image, guest.Input, VmProving.Options, SegmentLog2);
        var v = verifier.Verify(Receipt.Decode(receipt.Encode()), image, image.Id);
        Assert.True(v.IsValid, $"the receipt is refused: {v.Reason}");
        var facts = v.Facts!;
        Assert.Equal(image.Id, facts.ImageId);
        Assert.Equal(run.ImageId, facts.ImageId);
        Assert.Equal(run.InputDigest, facts.InputDigest);
        Assert.Equal(run.Output, facts.Output);
        Assert.Equal(unchecked((uint)run.ExitCode), facts.ExitCode);
        Assert.Equal(run.Cycles, facts.Cycles);
        Assert.Equal(receipt.Segments.Count, facts.Segments);
        Assert.Equal((int)((run.Cycles + (1 << SegmentLog2) - 1) >> SegmentLog2), facts.Segments);

        // The same receipt claiming another exit code or one output byte changed is refused.
        Assert.False(verifier.Verify(receipt with { ExitCode = receipt.ExitCode ^ 1 }, image).IsValid, "a changed exit code verified");
        if (receipt.Output.Length > 0)
        {
            var changed = (byte[])receipt.Output.Clone();
            changed[changed.Length / 2] ^= 0x80;
            Assert.False(verifier.Verify(receipt with { Output = changed }, image).IsValid, "a changed output byte verified");
        }
        return facts;
    }

    [Fact]
    public void The_fixed_guests_execute_every_RV32IM_instruction_both_ways_of_every_branch_and_the_M_edge_cases()
    {
        // What the property's fixed seeds exercise when run (not just what the generator can emit).
        var executed = new HashSet<string>();
        foreach (int seed in FixedSeeds)
        {
            var guest = RandomPrograms.Guest(seed);
            var run = new Executor(guest.Image(), new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = SegmentLog2 }).Run(guest.Input);
            Assert.True(run.Exited, run.Trap?.Message);
            foreach (var segment in run.Trace!.Segments)
            {
                for (int i = 0; i < segment.Cycles; i++)
                {
                    var d = Decoder.Decode(segment.Instruction[i]);
                    executed.Add(d.Op.ToString());
                    uint a = segment.Rs1Value[i], b = segment.Rs2Value[i];
                    if (d.Op is Opcode.Div or Opcode.Divu or Opcode.Rem or Opcode.Remu && b == 0) executed.Add($"{d.Op} by zero");
                    if (d.Op is Opcode.Div or Opcode.Rem && a == 0x8000_0000 && b == uint.MaxValue) executed.Add($"{d.Op} overflow");
                    if (d.Op is >= Opcode.Beq and <= Opcode.Bgeu)
                    {
                        uint next = i + 1 < segment.Cycles ? segment.Pc[i + 1] : segment.EndPc;
                        executed.Add($"{d.Op} {(next == segment.Pc[i] + 4 ? "not taken" : "taken")}");
                    }
                    if (d.Op is Opcode.Sb or Opcode.Sh or Opcode.Sw or Opcode.Lb or Opcode.Lh or Opcode.Lw or Opcode.Lbu or Opcode.Lhu)
                        executed.Add($"{d.Op} {(segment.MemAddress[i] >= 0x20000 && segment.MemAddress[i] < 0x20100 ? "data" : "stack")}");
                }
                foreach (var call in segment.Syscalls) executed.Add($"ecall {call.Number}");
            }
        }
        string[] wanted =
        [
            .. Enum.GetNames<Opcode>().Where(n => n is not (nameof(Opcode.Illegal) or nameof(Opcode.Ebreak))),
            .. Divisions.Select(op => $"{op} by zero"), "Div overflow", "Rem overflow",
            .. BranchNames.SelectMany(op => new[] { $"{op} taken", $"{op} not taken" }),
            .. MemoryNames.SelectMany(op => new[] { $"{op} data", $"{op} stack" }),
            $"ecall {Syscalls.ReadInput}", $"ecall {Syscalls.InputLength}", $"ecall {Syscalls.WriteOutput}", $"ecall {Syscalls.Keccak256}", $"ecall {Syscalls.Exit}",
        ];
        var missing = wanted.Where(w => !executed.Contains(w)).ToArray();
        Assert.True(missing.Length == 0, $"the fixed seeds never execute: {string.Join(", ", missing)}");
    }

    /// <summary>Which constraint or bus a failing guest's segments break (the AIR debug checker), to tell the AIR from the prover.</summary>
    private static string AirDiagnosis(RandomProgram guest)
    {
        try
        {
            var image = guest.Image();
            var run = new Executor(image, new ExecutionOptions { RecordTrace = true, SegmentCyclesLog2 = SegmentLog2 }).Run(guest.Input);
            if (run.Trap is { } trap) return $"the run traps: {trap.Message}";
            if (TraceChecker.CheckRun(image, run.Trace!) is { } spec) return $"the trace breaks the executable specification: {spec}";
            var witnesses = Wsc.Zk.Vm.Air.VmAir.Build(image, run, guest.Input);
            for (int k = 0; k < witnesses.Length; k++)
                if (VmProving.Violation(witnesses[k]) is { } bad) return $"segment {k}: {bad}";
            return "every segment satisfies the AIR";
        }
        catch (Exception e)
        {
            return $"the check threw: {e.Message}";
        }
    }

    public static TheoryData<string, uint[], string> Traps => new()
    {
        { "misaligned load", [Lw(5, 28, 2)], "misaligned load from 0x00020002" },
        { "misaligned halfword store", [Sh(5, 28, 1)], "misaligned store to 0x00020001" },
        { "load below the image", [Lw(5, 0, 16)], "load from unmapped address 0x00000010" },
        { "store into the code", [.. Li(31, 0x10000), Sw(5, 31, 0)], "store to read-only address 0x00010000" },
        { "breakpoint", [Ebreak], "breakpoint (EBREAK)" },
        { "unknown ecall", [Addi(A7, 0, 999), Ecall], "unknown ECALL number a7 = 999" },
        { "illegal instruction", [0xffff_ffffu], "illegal" },
    };

    [Theory]
    [MemberData(nameof(Traps))]
    public void A_random_guest_that_traps_gets_no_receipt_and_a_one_line_error(string what, uint[] trap, string expected)
    {
        // The guest's exit replaced by the trap: it comes after hundreds of cycles, in a later segment than the first.
        var guest = Enumerable.Range(200, 100).Select(s => RandomPrograms.Guest(s)).First(g => new Executor(g.Image()).Run(g.Input).Cycles > 1 << SegmentLog2);
        var image = ProgramImage.FromElf(Elf([.. guest.Words[..^2], .. trap, .. Exit], guest.Data, guest.DataSize));
        var run = new Executor(image).Run(guest.Input);
        Assert.True(run.Trap is not null, $"the {what} did not trap");
        Assert.True(run.Cycles > 1 << SegmentLog2, $"the trap came at cycle {run.Cycles}, in the first segment");
        var e = Assert.Throws<InvalidOperationException>(() => ReceiptProver.Prove(image, guest.Input, VmProving.Options, SegmentLog2));
        Assert.StartsWith("the run trapped after", e.Message);
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', e.Message);
    }
}
