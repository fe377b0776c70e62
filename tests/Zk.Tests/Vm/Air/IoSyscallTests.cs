using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>read_input and write_output: bytes bound to the input and to the journal, proven and forged.</summary>
[Collection(ProofCollection.Name)]
public sealed class IoSyscallTests
{
    internal static readonly byte[] Input = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110];

    /// <summary>Reads 5 bytes to an unaligned buffer, then asks for 100 (gets the 6 left), then 10 (gets 0); echoes 9 bytes; exits with the total read.</summary>
    internal static uint[] Echo() =>
    [
        .. Li(8, 0x20001),
        .. Li(A7, Syscalls.ReadInput), Addi(A0, 8, 0), Addi(A1, 0, 5), Ecall, Addi(9, A0, 0),
        Addi(A0, 8, 5), Addi(A1, 0, 100), Ecall, Add(9, 9, A0),
        Addi(A0, 8, 11), Addi(A1, 0, 10), Ecall, Add(9, 9, A0),
        .. Li(A7, Syscalls.WriteOutput), Addi(A0, 8, 1), Addi(A1, 0, 9), Ecall,
        Addi(A1, 0, 0), Ecall,
        Lw(18, 8, 3),
        Addi(A0, 9, 0), .. Exit,
    ];

    private static (ProgramImage Image, SegmentWitness Witness) Honest()
    {
        var (image, result) = VmProving.Run(Echo(), Input);
        Assert.Equal(11, result.ExitCode);
        Assert.Equal(Input[1..10], result.Output);
        var w = Assert.Single(VmProving.Witnesses(image, result, Input));
        VmProving.AssertSatisfied(w);
        return (image, w);
    }

    [Fact]
    public void Reads_and_writes_at_unaligned_buffers_are_proven_with_the_journal_and_input_positions_public()
    {
        var (image, w) = Honest();
        Assert.Equal(Input[1..10], w.Boundary.Journal);
        Assert.Equal(new ulong[] { 11, 0, 11, 0, 9, (ulong)w.Boundary.Cycles, 0 }, w.PublicInputs[4..SegmentBoundary.HeaderLength]);
        VmProving.ProveAndVerify(image, w);
    }

    [Fact]
    public void A_different_journal_or_input_does_not_match_the_trace()
    {
        var (image, w) = Honest();
        var journal = (byte[])w.Boundary.Journal.Clone();
        journal[3] ^= 1;
        var otherJournal = w.Boundary with { Journal = journal };
        Assert.Contains($"bus {VmBus.Journal} does not balance", Wsc.Zk.Air.TraceChecker.Check(VmAir.System(image, otherJournal), w.Traces, otherJournal.PublicInputs()));
        var input = (byte[])Input.Clone();
        input[2] ^= 1;
        var otherInput = w.Boundary with { Input = input };
        Assert.Contains($"bus {VmBus.Input} does not balance", Wsc.Zk.Air.TraceChecker.Check(VmAir.System(image, otherInput), w.Traces, otherInput.PublicInputs()));
    }

    [Fact]
    public void An_input_byte_not_from_the_input_is_caught()
    {
        var (_, w) = Honest();
        Forgeries.InputByteNotFromInput(w);
        Assert.Contains("does not balance", VmProving.Violation(w));
    }

    [Fact]
    public void A_read_that_returns_fewer_bytes_than_available_is_caught_by_the_ecall_table()
    {
        var (_, w) = Honest();
        Forgeries.ShortRead(w);
        Assert.Contains("table 'ecall'", VmProving.Violation(w));
    }
}
