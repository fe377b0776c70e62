namespace Wsc.Zk.Vm;

/// <summary>ECALL numbers (in a7). Exit follows Linux so bare programs run; the others are this VM's own ABI.</summary>
public static class Syscalls
{
    /// <summary>Linux exit: a0 = exit code.</summary>
    public const uint Exit = 93;

    /// <summary>Linux exit_group: same as <see cref="Exit"/>.</summary>
    public const uint ExitGroup = 94;

    /// <summary>Copy up to a1 bytes of the remaining input to a0; returns the count in a0 (0 at end of input).</summary>
    public const uint ReadInput = 0x100;

    /// <summary>Returns the total input length in a0.</summary>
    public const uint InputLength = 0x101;

    /// <summary>Append a1 bytes at a0 to the output (journal).</summary>
    public const uint WriteOutput = 0x102;

    /// <summary>Keccak-256 of a1 bytes at a0, 32-byte digest written at a2.</summary>
    public const uint Keccak256 = 0x103;

    /// <summary>Debug print of a1 bytes at a0 (UTF-8); no effect on the state, not part of the proof.</summary>
    public const uint DebugPrint = 0x104;
}
