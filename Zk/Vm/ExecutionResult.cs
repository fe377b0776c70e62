namespace Wsc.Zk.Vm;

/// <summary>The outcome of a run: exit code or trap, cycles, output bytes, final state and the trace if recorded.</summary>
public sealed record ExecutionResult(
    ImageId ImageId,
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
