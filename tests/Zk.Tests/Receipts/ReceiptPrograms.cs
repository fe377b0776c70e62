using Wsc.Zk.Receipts;
using Wsc.Zk.Stark;
using Wsc.Zk.Tests.Vm.Air;
using Wsc.Zk.Vm;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

namespace Wsc.Zk.Tests.Receipts;

/// <summary>Hand-assembled guests for receipt tests and the small-query options their proofs use.</summary>
internal static class ReceiptPrograms
{
    public static ProofOptions Options => VmProving.Options;

    /// <summary>
    /// Reads up to 4 input bytes into a word, then n times: counter += 1, store it, write its low byte to the output.
    /// Exits with counter + the input word. About 8 cycles an iteration.
    /// </summary>
    public static ProgramImage Counter(int n)
    {
        uint[] body =
        [
            Addi(T1, T1, 1), Sw(T1, T0, 0), .. Li(A7, Syscalls.WriteOutput), Addi(A0, T0, 0), Addi(A1, 0, 1), Ecall,
        ];
        uint[] words =
        [
            .. Li(T0, 0x20000), .. Li(A7, Syscalls.ReadInput), Addi(A0, T0, 4), Addi(A1, 0, 4), Ecall, Lw(28, T0, 4),
            Addi(T1, 0, 0), Addi(T2, 0, n),
            .. body, B(-4 * body.Length, T2, T1, 1),
            Add(A0, T1, 28), .. Exit,
        ];
        return ProgramImage.FromElf(Elf(words));
    }

    /// <summary>The output Counter(n) writes.</summary>
    public static byte[] CounterOutput(int n) => [.. Enumerable.Range(1, n).Select(i => (byte)i)];

    public static Receipt Prove(ProgramImage image, byte[] input, int segmentLog2) => ReceiptProver.Prove(image, input, Options, segmentLog2);
}
