using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Wsc.Zk.Vm;

/// <summary>
/// Guest memories (16 MiB by default) reused across runs and executors: a returned memory remembers which pages
/// its run wrote and which image it held, so the next run restores only those pages instead of allocating and
/// zeroing the whole address space. At most two memories per core are kept per memory size.
/// </summary>
internal static class GuestMemoryPool
{
    private static readonly ConcurrentDictionary<uint, ConcurrentStack<GuestMemory>> Pools = new();
    private static readonly int Cap = 2 * Environment.ProcessorCount;

    /// <summary>A memory holding exactly <paramref name="image"/>'s initial state.</summary>
    public static GuestMemory Rent(ProgramImage image)
    {
        var memory = Pools.GetOrAdd(image.Layout.MemoryTop, _ => new ConcurrentStack<GuestMemory>()).TryPop(out var m)
            ? m
            : new GuestMemory(image.Layout.MemoryTop);
        memory.Reset(image);
        return memory;
    }

    /// <summary>Gives a memory back after a run (dropped when the pool is full).</summary>
    public static void Return(GuestMemory memory)
    {
        var pool = Pools.GetOrAdd((uint)memory.Bytes.Length, _ => new ConcurrentStack<GuestMemory>());
        if (pool.Count < Cap) pool.Push(memory);
    }
}

/// <summary>One guest address space with a per-page "written" flag.</summary>
internal sealed class GuestMemory(uint size)
{
    public readonly byte[] Bytes = new byte[size];
    public readonly byte[] Dirty = new byte[size >> 12];
    private ProgramImage? loaded;

    /// <summary>Brings the memory to <paramref name="image"/>'s initial state: zero everywhere except the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per run: see Executor.Run
    public void Reset(ProgramImage image)
    {
        if (ReferenceEquals(loaded, image))
        {
            for (var p = 0; p < Dirty.Length; p++)
            {
                if (Dirty[p] == 0) continue;
                Dirty[p] = 0;
                var page = Bytes.AsSpan(p << 12, 4096);
                var at = (long)(p << 12) - image.ImageStart;
                if (at >= 0 && at < image.InitialImage.Length) image.InitialImage.AsSpan((int)at, 4096).CopyTo(page);
                else page.Clear();
            }
            return;
        }
        for (var p = 0; p < Dirty.Length; p++)
        {
            if (Dirty[p] == 0) continue;
            Dirty[p] = 0;
            Bytes.AsSpan(p << 12, 4096).Clear();
        }
        if (loaded is not null)
            Bytes.AsSpan((int)loaded.ImageStart, loaded.InitialImage.Length).Clear();
        image.InitialImage.CopyTo(Bytes, (int)image.ImageStart);
        loaded = image;
    }
}
