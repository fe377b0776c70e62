namespace Wsc.Zk.Vm;

/// <summary>A word-aligned address and the 32-bit little-endian value stored there.</summary>
public readonly record struct MemoryWord(uint Address, uint Value);
