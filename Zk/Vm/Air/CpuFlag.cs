namespace Wsc.Zk.Vm.Air;

/// <summary>
/// Bits of the packed instruction flags in the program table; each is one boolean CPU column. Exactly one class
/// flag (Alu..Fence) is set on a real row; Imm, ImmNeg and WritesRd modify it.
/// </summary>
public static class CpuFlag
{
    public const int Alu = 0, Imm = 1, ImmNeg = 2, WritesRd = 3, Lui = 4, Auipc = 5, Jal = 6, Jalr = 7, Beq = 8, Bne = 9,
        BltLike = 10, BgeLike = 11, Load = 12, Store = 13, Ecall = 14, Fence = 15;

    /// <summary>Number of flags.</summary>
    public const int Count = 16;

    /// <summary>The class flags: exactly one is set on a real CPU row.</summary>
    public static readonly int[] Classes = [Alu, Lui, Auipc, Jal, Jalr, Beq, Bne, BltLike, BgeLike, Load, Store, Ecall, Fence];
}
