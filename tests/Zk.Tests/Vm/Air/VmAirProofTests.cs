using Wsc.Zk.Stark;
using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>Hand-assembled RV32IM programs proven and verified segment by segment.</summary>
[Collection(ProofCollection.Name)]
public sealed class VmAirProofTests
{
    internal const int S0 = 8, S1 = 9, A3 = 13, A4 = 14, A5 = 15, A6 = 16, S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, T3 = 28, T4 = 29, T5 = 30, T6 = 31;

    /// <summary>Every RV32I/M instruction class once, straight-line, with a data word to load and store.</summary>
    internal static uint[] StraightLine() =>
    [
        .. Li(T0, 0x20000), .. Li(T1, 0x80000001), Addi(T2, 0, 7),
        Add(S0, T1, T2), Sub(S1, T2, T1), And(A3, T1, T2), Or(A4, T1, T2), Xor(A5, T1, T2),
        Slt(A6, T1, T2), Sltu(S2, T1, T2), Sll(S3, T1, T2), Srl(S4, T1, T2), Sra(S5, T1, T2),
        Addi(S6, T1, -5), Slti(T3, T1, -1), Sltiu(T4, T2, -1), Xori(T5, T1, -1), Ori(T6, T2, 0x700), Andi(A0, T1, 0x7f1),
        Slli(A1, T1, 31), Srli(A2, T1, 1), Srai(A3, T1, 4),
        Mul(A4, T1, T2), Mulh(A5, T1, T2), Mulhsu(A6, T1, T2), Mulhu(S2, T1, T2),
        Div(S3, T1, T2), Divu(S4, T1, T2), Rem(S5, T1, T2), Remu(S6, T1, T2),
        Sw(T1, T0, 0), Sb(T2, T0, 5), Sh(T1, T0, 10), Lw(A4, T0, 0), Lb(A5, T0, 3), Lbu(A6, T0, 3), Lh(S2, T0, 2), Lhu(S3, T0, 10), Lb(S4, T0, 5),
        Lui(S5, 0xfffff), Auipc(S6, 0x80000), Fence,
        Jal(Ra, 8), Addi(A0, 0, 99), Jalr(T3, Ra, 8), Addi(A0, 0, 98), Addi(A0, 0, 98),
        Beq(T1, T1, 8), Addi(A0, 0, 97), Bne(T1, T1, 8), Blt(T1, T2, 8), Addi(A0, 0, 96), Bge(T1, T2, 8), Bltu(T1, T2, 8), Bgeu(T1, T2, 8), Addi(A0, 0, 95),
        Add(0, T1, T2), .. Li(A7, Syscalls.InputLength), Ecall, Addi(A0, A0, 1), .. Exit,
    ];

    [Fact]
    public void A_straight_line_program_of_every_instruction_class_is_proven_and_the_proof_binds_program_end_state_and_exit_code()
    {
        var (image, result) = VmProving.Run(StraightLine(), input: [1, 2, 3]);
        Assert.Equal(4, result.ExitCode);
        var w = Assert.Single(VmProving.Witnesses(image, result, [1, 2, 3]));
        VmProving.AssertSatisfied(w);
        Assert.Equal(1UL, w.PublicInputs[2]);
        Assert.Equal(4UL, w.PublicInputs[3]);
        var proof = VmProving.ProveAndVerify(image, w);

        var pub = w.Boundary.PublicInputs();
        pub[3] ^= 1;
        VmProving.AssertRejected(VmProving.Verify(image, w.Boundary, pub, proof, w));
        pub = w.Boundary.PublicInputs();
        pub[4] = 4;
        VmProving.AssertRejected(VmProving.Verify(image, w.Boundary, pub, proof, w));
        pub = w.Boundary.PublicInputs();
        pub[9] += 1; // cycle count
        VmProving.AssertRejected(VmProving.Verify(image, w.Boundary, pub, proof, w));

        var regs = (uint[])w.Boundary.EndRegisters.Clone();
        regs[T1] ^= 1;
        var otherEnd = w.Boundary with { EndRegisters = regs };
        VmProving.AssertRejected(VmProving.Verify(image, otherEnd, otherEnd.PublicInputs(), proof, w));

        var words = StraightLine();
        words[4] = Addi(T2, 0, 8);
        var otherImage = ProgramImage.FromElf(Asm.Elf(words));
        VmProving.AssertRejected(VmProving.Verify(otherImage, w.Boundary, w.Boundary.PublicInputs(), proof, w));
    }
}
