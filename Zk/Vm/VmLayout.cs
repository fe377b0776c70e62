namespace Wsc.Zk.Vm;

/// <summary>
/// The guest address space: [0, NullGuard) unmapped, the program image, a heap up to <see cref="HeapEnd"/>,
/// an unmapped guard, then the stack [StackStart, MemoryTop) with sp = MemoryTop at entry.
/// </summary>
public sealed record VmLayout(uint MemoryTop = VmLayout.DefaultMemoryTop, uint StackBytes = VmLayout.DefaultStackBytes)
{
    /// <summary>Default top of memory (16 MiB), also written into guest/include/zkgraph.h.</summary>
    public const uint DefaultMemoryTop = 0x0100_0000;

    /// <summary>Default stack size (1 MiB).</summary>
    public const uint DefaultStackBytes = 0x0010_0000;

    /// <summary>Addresses below this are never mapped, so null-pointer accesses trap.</summary>
    public const uint NullGuard = 0x0001_0000;

    /// <summary>Unmapped gap between the heap and the stack so a stack overflow traps instead of corrupting the heap.</summary>
    public const uint GuardBytes = 0x0001_0000;

    /// <summary>The layout zkGraphs are built for.</summary>
    public static VmLayout Default { get; } = new();

    /// <summary>Lowest stack address.</summary>
    public uint StackStart => MemoryTop - StackBytes;

    /// <summary>One past the highest heap address.</summary>
    public uint HeapEnd => StackStart - GuardBytes;

    /// <summary>Checks the layout is usable: page-aligned sizes that fit below 2 GiB and leave room for a heap.</summary>
    public void Validate()
    {
        if (MemoryTop % 4096 != 0 || StackBytes % 4096 != 0)
            throw new ArgumentException($"VmLayout: MemoryTop 0x{MemoryTop:x} and StackBytes 0x{StackBytes:x} must be multiples of 4096");
        if (MemoryTop > 0x8000_0000u)
            throw new ArgumentException($"VmLayout: MemoryTop 0x{MemoryTop:x} exceeds 0x80000000");
        if (StackBytes == 0 || (ulong)StackBytes + GuardBytes + NullGuard >= MemoryTop)
            throw new ArgumentException($"VmLayout: StackBytes 0x{StackBytes:x} leaves no room below MemoryTop 0x{MemoryTop:x}");
    }
}
