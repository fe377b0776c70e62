namespace Wsc.Zk.Vm;

/// <summary>The outcome of a run: exit code or trap, cycles, output bytes, final state and the trace if recorded.</summary>
/// <param name="InputDigest">Hash of the whole input with the image's <see cref="IMerkleHasher"/> (public in a receipt).</param>
public sealed record ExecutionResult(
    ImageId ImageId,
    byte[] InputDigest,
    int ExitCode,
    long Cycles,
    byte[] Output,
    VmTrap? Trap,
    uint FinalPc,
    uint[] Registers,
    ExecutionTrace? Trace)
{
    /// <summary>True when the program exited through the exit ECALL (with any code) rather than trapping.</summary>
    public bool Exited => Trap is null;
}
