namespace Wsc.Zk.Vm;

/// <summary>One ECALL in a trace: its cycle, number (a7), arguments a0..a2 and the a0 it left (unchanged when it returns nothing).</summary>
public readonly record struct SyscallEvent(long Cycle, uint Number, uint A0, uint A1, uint A2, uint ResultA0);
