using Wsc.Zk.Vm;
using Wsc.Zk.Vm.Air;
using static Wsc.Zk.Tests.Vm.Asm;
using static Wsc.Zk.Tests.Vm.Air.Rv;

namespace Wsc.Zk.Tests.Vm.Air;

/// <summary>
/// Accesses outside the memory the executor allows are not provable. The executor traps on them, so the accesses here
/// are legal under the default layout and checked against an image of the same program with a smaller address space
/// (MemoryTop 8 MiB), where the top of the 16 MiB stack is unmapped.
/// </summary>
public sealed class MemoryPermissionTests
{
    private static readonly VmLayout Small = new(MemoryTop: 0x0080_0000);

    private static string? CheckUnder(VmLayout layout, uint[] words, byte[] input)
    {
        var (image, result) = VmProving.Run(words, input);
        var w = Assert.Single(VmProving.Witnesses(image, result, input));
        VmProving.AssertSatisfied(w);
        var smaller = ProgramImage.FromElf(Asm.Elf(words), layout);
        var forged = Assert.Single(VmAir.Build(smaller, result, input));
        return VmProving.Violation(forged);
    }

    [Fact]
    public void A_store_and_a_load_outside_the_address_space_break_the_load_store_region_check()
    {
        uint[] code = [Addi(T0, 0, 77), Sw(T0, Sp, -4), Lw(A0, Sp, -4), .. Exit];
        Assert.StartsWith("table 'load-store': row constraint", CheckUnder(Small, code, []));
    }

    [Fact]
    public void A_transfer_buffer_outside_the_address_space_breaks_the_ecall_region_check()
    {
        uint[] code = [.. Li(A7, Syscalls.ReadInput), Addi(A0, Sp, -16), Addi(A1, 0, 4), Ecall, .. Exit];
        Assert.StartsWith("table 'ecall': row constraint", CheckUnder(Small, code, [1, 2, 3, 4]));
    }

    [Fact]
    public void The_same_accesses_inside_the_address_space_satisfy_the_AIR()
    {
        uint[] code = [Addi(T0, 0, 77), Sw(T0, Sp, -4), Lw(A0, Sp, -4), .. Li(A7, Syscalls.ReadInput), Addi(A0, Sp, -16), Addi(A1, 0, 4), Ecall, .. Exit];
        Assert.Null(CheckUnder(VmLayout.Default, code, [1, 2, 3, 4]));
    }
}
