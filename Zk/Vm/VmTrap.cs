namespace Wsc.Zk.Vm;

/// <summary>A deterministic trap: kind, pc of the faulting instruction, cycles retired before it, and a one-line message.</summary>
public sealed record VmTrap(TrapKind Kind, uint Pc, long Cycle, string Message)
{
    public override string ToString() => Message;
}
