using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Wsc.Zk.Vm;

/// <summary>
/// Guest memories (16 MiB by default) reused across runs and executors: a returned memory remembers which pages
/// its run wrote and which image it held, so the next run restores only those pages instead of allocating and
/// zeroing the whole address space. At most two memories per core are kept per memory size, and a run takes one
/// that last held its own program when there is one: graphs run side by side (a page of two graphs on two cores)
/// would otherwise keep swapping images in and out of the same memories.
/// </summary>
internal static class GuestMemoryPool
{
    private static readonly ConcurrentDictionary<uint, GuestMemory?[]> Pools = new();
    private static readonly int Cap = 2 * Environment.ProcessorCount;

    /// <summary>A memory holding exactly <paramref name="image"/>'s initial state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per run: see Executor.Run
    public static GuestMemory Rent(ProgramImage image)
    {
        var slots = Pools.GetOrAdd(image.Layout.MemoryTop, _ => new GuestMemory?[Cap]);
        var memory = Take(slots, image) ?? Take(slots, null) ?? new GuestMemory(image.Layout.MemoryTop);
        memory.Reset(image);
        return memory;
    }

    /// <summary>Gives a memory back after a run (dropped when the pool is full).</summary>
    public static void Return(GuestMemory memory)
    {
        var slots = Pools.GetOrAdd((uint)memory.Bytes.Length, _ => new GuestMemory?[Cap]);
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i] is null && Interlocked.CompareExchange(ref slots[i], memory, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>Takes a pooled memory that last held <paramref name="image"/> (any memory when null), or null.</summary>
    private static GuestMemory? Take(GuestMemory?[] slots, ProgramImage? image)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i] is { } m && (image is null || ReferenceEquals(m.Loaded, image))
                && ReferenceEquals(Interlocked.CompareExchange(ref slots[i], null, m), m))
            {
                return m;
            }
        }
        return null;
    }
}

/// <summary>One guest address space with a per-page "written" flag.</summary>
internal sealed class GuestMemory(uint size)
{
    public readonly byte[] Bytes = new byte[size];
    public readonly byte[] Dirty = new byte[size >> 12];

    /// <summary>The image whose initial state this memory holds outside its written pages.</summary>
    public ProgramImage? Loaded { get; private set; }

    /// <summary>Brings the memory to <paramref name="image"/>'s initial state: zero everywhere except the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per run: see Executor.Run
    public void Reset(ProgramImage image)
    {
        var same = ReferenceEquals(Loaded, image);
        // A run writes a handful of the 4096 pages: find them with a vectorized scan rather than a test per page.
        var at = 0;
        while (Dirty.AsSpan(at).IndexOfAnyExcept((byte)0) is var k && k >= 0)
        {
            var p = at + k;
            at = p + 1;
            Dirty[p] = 0;
            var page = Bytes.AsSpan(p << 12, 4096);
            var offset = (long)(p << 12) - image.ImageStart;
            if (same && offset >= 0 && offset < image.InitialImage.Length) image.InitialImage.AsSpan((int)offset, 4096).CopyTo(page);
            else page.Clear();
        }
        if (same)
        {
            return;
        }
        if (Loaded is not null)
            Bytes.AsSpan((int)Loaded.ImageStart, Loaded.InitialImage.Length).Clear();
        image.InitialImage.CopyTo(Bytes, (int)image.ImageStart);
        Loaded = image;
    }
}
