namespace Wsc.Zk.Vm.Air;

/// <summary>
/// Bits of the packed instruction flags in the program table; each is one boolean CPU column. Exactly one class
/// flag is set on a real row; Imm and WritesRd modify it. AUIPC and FENCE need no flag of their own: the program
/// table knows each instruction's pc, so AUIPC is a LUI of pc + imm, and FENCE a LUI of 0 that writes nothing.
/// </summary>
public static class CpuFlag
{
    public const int Alu = 0, Imm = 1, WritesRd = 2, Lui = 3, Jal = 4, Jalr = 5, Beq = 6, Bne = 7,
        BltLike = 8, BgeLike = 9, Load = 10, Store = 11, Ecall = 12;

    /// <summary>Number of flags.</summary>
    public const int Count = 13;

    /// <summary>The class flags: exactly one is set on a real CPU row.</summary>
    public static readonly int[] Classes = [Alu, Lui, Jal, Jalr, Beq, Bne, BltLike, BgeLike, Load, Store, Ecall];
}
