namespace Wsc.Zk.Vm.Air;

/// <summary>
/// The address ranges an image may touch, as the executor enforces them: loads in [ImageStart, HeapEnd) or the stack,
/// stores in [WritableStart, HeapEnd) or the stack. The AIR range-checks every access against them.
/// </summary>
public readonly record struct MemoryRegions(uint ImageStart, uint WritableStart, uint HeapEnd, uint StackStart, uint MemoryTop)
{
    public static MemoryRegions Of(ProgramImage image) =>
        new(image.ImageStart, image.WritableStart, image.Layout.HeapEnd, image.Layout.StackStart, image.Layout.MemoryTop);

    /// <summary>Lowest address of the non-stack region for a load (false) or a store (true).</summary>
    public uint Low(bool store) => store ? WritableStart : ImageStart;
}
