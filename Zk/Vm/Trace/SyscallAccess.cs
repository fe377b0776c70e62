namespace Wsc.Zk.Vm;

/// <summary>A memory word read or written by an ECALL (input copy, keccak, output): value before and after.</summary>
public readonly record struct SyscallAccess(long Cycle, uint Address, uint Before, uint After);
