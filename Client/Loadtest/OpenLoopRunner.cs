using HdrHistogram;

namespace Wsc.Client.Loadtest;

/// <summary>
/// Open-loop load: request i is due at start + i / rate whatever happened to earlier requests, and its latency is
/// measured from that due time, not from when it was actually sent. A slow cluster therefore shows up as latency
/// (queueing included) instead of quietly lowering the rate, the coordinated-omission mistake of closed-loop tools.
/// At most <see cref="LoadPlan.Concurrency"/> requests are in flight; a request waiting for a slot is late, and its
/// lateness counts. Bounded: nothing is sent after Duration + RequestTimeout, and whatever is unsent or unanswered
/// then counts as an error.
/// </summary>
public sealed class OpenLoopRunner
{
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private readonly LongHistogram _histogram = new(highestTrackableValue: 3_600_000_000L, numberOfSignificantValueDigits: 3);
    private long _sent;
    private long _completed;
    private long _errors;
    private long _lastAnswer;

    public OpenLoopRunner(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The first error's message, if any request failed (reported once, beside the figures).</summary>
    public string? FirstError { get; private set; }

    /// <summary>
    /// Runs <paramref name="request"/> (given the request's index) on <paramref name="plan"/>'s schedule; calls
    /// <paramref name="progress"/> about once a second.
    /// </summary>
    public async Task<LoadtestResult> RunAsync(string scenario, LoadPlan plan, Func<long, CancellationToken, Task> request,
        Action<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (plan.Problem() is string problem)
        {
            throw new ArgumentException(problem);
        }
        var planned = plan.Requests;
        var start = _time.GetTimestamp();
        var deadline = plan.Duration + plan.RequestTimeout;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(deadline);
        // Not disposed: requests still running when the run's time is up release their slot later.
        var slots = new SemaphoreSlim(plan.Concurrency);
        var inFlight = new List<Task>();
        using var ticker = progress is null ? null : new Timer(_ => progress(Snapshot(start, planned)), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        try
        {
            for (long i = 0; i < planned; i++)
            {
                var due = TimeSpan.FromSeconds(i / plan.Rate);
                var wait = due - _time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, stop.Token);
                }
                await slots.WaitAsync(stop.Token);
                Interlocked.Increment(ref _sent);
                inFlight.Add(RunOneAsync(i, start, due, plan.RequestTimeout, request, slots, stop.Token));
                if (inFlight.Count >= 4096)
                {
                    inFlight.RemoveAll(t => t.IsCompleted);
                }
            }
            await Task.WhenAll(inFlight).WaitAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The run's time is up: what was never sent, or is still unanswered, failed.
            RecordError(new TimeoutException($"run ended {deadline.TotalSeconds:0.###} s after it started (--duration + --timeout) with requests unanswered or unsent"));
        }
        progress?.Invoke(Snapshot(start, planned));
        lock (_lock)
        {
            var completed = Interlocked.Read(ref _completed);
            var failed = planned - completed;
            var elapsed = completed == 0 ? 0 : _time.GetElapsedTime(start, Interlocked.Read(ref _lastAnswer)).TotalSeconds;
            return new LoadtestResult(
                scenario,
                planned,
                failed,
                Ms(completed == 0 ? 0 : _histogram.GetValueAtPercentile(50)),
                Ms(completed == 0 ? 0 : _histogram.GetValueAtPercentile(95)),
                Ms(completed == 0 ? 0 : _histogram.GetValueAtPercentile(99)),
                Ms(completed == 0 ? 0 : _histogram.GetMaxValue()),
                elapsed > 0 ? Math.Round(completed / elapsed, 2) : 0);
        }
    }

    private async Task RunOneAsync(long index, long start, TimeSpan due, TimeSpan timeout, Func<long, CancellationToken, Task> request,
        SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            // Off the sender's path: a request that blocks before its first await must not delay the next send.
            await Task.Run(() => request(index, cancellationToken), cancellationToken).WaitAsync(timeout, _time, cancellationToken);
            var now = _time.GetTimestamp();
            var latency = _time.GetElapsedTime(start, now) - due;
            lock (_lock)
            {
                _histogram.RecordValue(Math.Max(0, (long)(latency.Ticks / 10)));
                _completed++;
                if (now > _lastAnswer)
                {
                    _lastAnswer = now;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            RecordError(e is TimeoutException ? new TimeoutException($"request {index} unanswered after {timeout.TotalSeconds:0.###} s (--timeout)") : e);
        }
        finally
        {
            slots.Release();
        }
    }

    private void RecordError(Exception e)
    {
        lock (_lock)
        {
            _errors++;
            FirstError ??= e.Message.ReplaceLineEndings(" ");
        }
    }

    private LoadProgress Snapshot(long start, long planned)
    {
        lock (_lock)
        {
            return new LoadProgress(_time.GetElapsedTime(start), planned, Interlocked.Read(ref _sent), _completed, _errors,
                _completed == 0 ? 0 : Ms(_histogram.GetValueAtPercentile(99)));
        }
    }

    // The histogram holds microseconds.
    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
