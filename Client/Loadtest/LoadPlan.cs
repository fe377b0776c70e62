namespace Wsc.Client.Loadtest;

/// <summary>
/// How a load test sends: <see cref="Rate"/> requests per second for <see cref="Duration"/> (so Rate x Duration requests
/// in all), at most <see cref="Concurrency"/> in flight, each given up after <see cref="RequestTimeout"/>. The whole run
/// ends by Duration + RequestTimeout: what is not sent or answered by then counts as an error.
/// </summary>
public sealed record LoadPlan(double Rate, TimeSpan Duration, int Concurrency, TimeSpan RequestTimeout)
{
    /// <summary>The most requests one run may plan (Rate x Duration), so a typo cannot start an endless run.</summary>
    public const long MaxRequests = 10_000_000;

    /// <summary>Rate x Duration, rounded, at least 1.</summary>
    public long Requests => Math.Max(1, (long)Math.Round(Rate * Duration.TotalSeconds));

    /// <summary>A one-line description of the first bad setting, or null when the plan is usable.</summary>
    public string? Problem() =>
        !(Rate > 0) || double.IsInfinity(Rate) ? $"--rate {Rate}: expected requests per second above 0"
        : Duration <= TimeSpan.Zero || Duration > TimeSpan.FromDays(1) ? $"--duration {Duration.TotalSeconds}: expected more than 0 and at most 86400 seconds"
        : Concurrency < 1 ? $"--concurrency {Concurrency}: expected at least 1 request in flight"
        : RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromHours(1) ? $"--timeout {RequestTimeout.TotalSeconds}: expected more than 0 and at most 3600 seconds"
        : Rate * Duration.TotalSeconds > MaxRequests ? $"--rate x --duration = {Rate * Duration.TotalSeconds:0} requests: at most {MaxRequests} per run"
        : null;
}
