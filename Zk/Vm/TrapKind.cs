namespace Wsc.Zk.Vm;

/// <summary>Why execution stopped abnormally.</summary>
public enum TrapKind
{
    IllegalInstruction,
    InstructionMisaligned,
    PcOutOfText,
    LoadMisaligned,
    StoreMisaligned,
    LoadAccessFault,
    StoreAccessFault,
    Breakpoint,
    BadSyscall,
    OutputLimit,
    CycleLimit,
}
