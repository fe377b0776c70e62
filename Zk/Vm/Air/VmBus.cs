namespace Wsc.Zk.Vm.Air;

/// <summary>The LogUp buses of the zkVM AIR (see docs/zkvm.md, "Proving AIR"); each carries tuples of one fixed width.</summary>
public static class VmBus
{
    /// <summary>(pc, flags, rd, rs1, rs2, imm, alu op, load-store kind): cpu fetches, program table answers.</summary>
    public const int Program = 1;

    /// <summary>(space, address, value, timestamp): offline memory checking over registers (space 0) and RAM (space 1).</summary>
    public const int Memory = 2;

    /// <summary>(op, x, y, z): byte-table lookups (bitwise ops, range checks, powers of two).</summary>
    public const int Byte = 3;

    /// <summary>(op, a, b, c): cpu requests, ALU chips answer.</summary>
    public const int Alu = 4;

    /// <summary>(kind, address, value, clk): cpu requests, the load-store chip answers.</summary>
    public const int LoadStore = 5;

    /// <summary>(clk, kind, buffer, count, stream position): cpu requests a read_input (kind 1) or write_output (kind 2) transfer, the io table answers.</summary>
    public const int Io = 6;

    /// <summary>(position, byte): io reads look input bytes up among the segment's public bus terms (one per position it reads).</summary>
    public const int Input = 7;

    /// <summary>(position, byte): io writes deliver journal bytes to the segment's public bus terms, which take each exactly once.</summary>
    public const int Journal = 8;

    /// <summary>(clk, kind, buffer, count): the cpu calls keccak256 (kind 0: a0, a1), the sponge asks for the input (1) and digest (2) words.</summary>
    public const int KeccakCall = 9;

    /// <summary>(clk, kind, position, byte): the keccak memory table hands the sponge the input bytes (kind 1) and the digest bytes it wrote (kind 2).</summary>
    public const int KeccakByte = 10;

    /// <summary>(tag, clk, block, 50 32-bit limbs): the sponge sends permutation inputs (tag 0), the permutation table answers with outputs (tag 1).</summary>
    public const int KeccakState = 11;

    /// <summary>(clk, a7, a0, value written to a0, is-exit): an ECALL row of the cpu hands the syscall to the ecall table.</summary>
    public const int Ecall = 12;

    /// <summary>
    /// (space, address, value in, value out): the segment's public bus terms hand each register and touched RAM word to
    /// the memory-boundary table (numbered apart from the precompile buses, 9 and up).
    /// </summary>
    public const int MemoryBoundary = 16;

    /// <summary>Memory space of the 32 registers (address = register index).</summary>
    public const ulong RegisterSpace = 0;

    /// <summary>Memory space of the RAM (address = word-aligned byte address).</summary>
    public const ulong RamSpace = 1;
}
