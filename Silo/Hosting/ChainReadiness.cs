using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Silo.Hosting;

/// <summary>
/// `/health/ready` beyond start-up: not ready while the follower of the configured chain is halted or has not ticked a
/// block yet. The chain grain is asked at most once per <see cref="CacheFor"/>, however often the endpoint is scraped.
/// </summary>
public sealed class ChainReadiness(ReadinessState startup, Func<Task<ChainStatus>> fetchStatus, TimeProvider time)
{
    /// <summary>How long one answer of the chain grain is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    /// <summary>A status call slower than this counts as "unavailable" (the grain is busy or its silo is gone).</summary>
    public static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task<string?>? _last;
    private long _lastStarted;

    /// <summary>Null when ready, otherwise why not (one line).</summary>
    public Task<string?> NotReadyReasonAsync()
    {
        if (startup.NotReadyReason is string starting)
        {
            return Task.FromResult<string?>(starting);
        }
        lock (_lock)
        {
            // One call in flight at most; a finished answer is reused until it is CacheFor old.
            if (_last is null || (_last.IsCompleted && time.GetElapsedTime(_lastStarted) >= CacheFor))
            {
                _lastStarted = time.GetTimestamp();
                _last = FetchAsync();
            }
            return _last;
        }
    }

    /// <summary>Why a follower with status <paramref name="s"/> makes the silo not ready, or null.</summary>
    public static string? Reason(ChainStatus s)
    {
        if (s.Halted is not null)
        {
            return $"chain follower {s.Chain} is halted: {s.Halted}";
        }
        if (s.Head is null)
        {
            return $"chain follower {s.Chain} has not ticked a block yet" + (s.LastError is null ? "" : $": {s.LastError}");
        }
        return null;
    }

    private async Task<string?> FetchAsync()
    {
        try
        {
            return Reason(await fetchStatus().WaitAsync(StatusTimeout, time).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            return "chain follower status unavailable: " + SiloHost.OneLine(e);
        }
    }
}
