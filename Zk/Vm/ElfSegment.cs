namespace Wsc.Zk.Vm;

/// <summary>One PT_LOAD segment: where it goes, its file bytes (zero-filled up to <see cref="MemorySize"/>) and permissions.</summary>
public sealed record ElfSegment(uint VirtualAddress, uint MemorySize, byte[] Data, bool Readable, bool Writable, bool Executable)
{
    /// <summary>One past the last address of the segment.</summary>
    public uint End => VirtualAddress + MemorySize;
}
