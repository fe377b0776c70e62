using System.Globalization;

namespace Wsc.Integration.Tests.Storage;

/// <summary>Peak resident memory of a running process (Linux `/proc/PID/status` VmHWM, the high-water mark).</summary>
internal static class PeakMemory
{
    /// <summary>The process's peak RSS in MiB so far, or null once it has exited.</summary>
    public static double? MiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>Polls <paramref name="pid"/> until <paramref name="exited"/> completes; the last peak seen (VmHWM only grows).</summary>
    public static async Task<double> WatchAsync(int pid, Task exited)
    {
        var peak = 0.0;
        while (!exited.IsCompleted)
        {
            peak = Math.Max(peak, MiB(pid) ?? 0);
            await Task.WhenAny(exited, Task.Delay(20));
        }
        return peak;
    }
}
