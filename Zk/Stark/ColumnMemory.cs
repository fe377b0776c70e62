using System.Runtime.InteropServices;

namespace Wsc.Zk.Stark;

/// <summary>
/// Large prover columns whose pages the kernel fills in one call (Linux madvise(MADV_POPULATE_WRITE)) instead of one
/// page fault per 4 KiB the first time the transform writes them. The arrays are pinned (their address is what the
/// kernel was told about) and uninitialised; elsewhere, or when the call is refused, they are plain arrays.
/// </summary>
public static unsafe class ColumnMemory
{
    private const int MadvPopulateWrite = 23;
    private const int PageSize = 4096;

    /// <summary>Arrays below this many bytes are not worth a system call.</summary>
    private const long MinimumBytes = 1 << 20;

    private static readonly delegate* unmanaged<nint, nuint, int, int> Madvise = Load();

    /// <summary>False once the kernel has refused the call (kernels before 5.14), so it is not tried again.</summary>
    private static volatile bool _works = true;

    private static delegate* unmanaged<nint, nuint, int, int> Load()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("WSC_ZK_NO_POPULATE") is not null) return null;
        foreach (var name in new[] { "libc.so.6", "libc" })
        {
            if (NativeLibrary.TryLoad(name, out var lib) && NativeLibrary.TryGetExport(lib, "madvise", out var f))
                return (delegate* unmanaged<nint, nuint, int, int>)f;
        }
        return null;
    }

    /// <summary>An uninitialised array of `length` elements, its memory populated when the platform allows.</summary>
    public static T[] Allocate<T>(int length) where T : unmanaged
    {
        long bytes = (long)length * sizeof(T);
        if (Madvise == null || !_works || bytes < MinimumBytes) return GC.AllocateUninitializedArray<T>(length);
        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        fixed (T* p = array)
        {
            // Whole pages inside the array only: the partial pages at either end fault as usual.
            long start = ((long)p + PageSize - 1) & ~(long)(PageSize - 1);
            long end = ((long)p + bytes) & ~(long)(PageSize - 1);
            if (end > start && Madvise((nint)start, (nuint)(end - start), MadvPopulateWrite) != 0) _works = false;
        }
        return array;
    }
}
