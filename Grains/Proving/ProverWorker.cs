using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Zk.Receipts;
using Wsc.Zk.Vm;

namespace Wsc.Grains.Proving;

/// <summary>
/// Proves segments on the thread pool, at most Proving:Concurrency at once on this silo, so proving never occupies the
/// Orleans scheduler nor more cores than configured. Keeps the last few program images (one ELF parse per program).
/// </summary>
public sealed class ProverWorker : IDisposable
{
    private const int CachedImages = 8;
    private readonly SemaphoreSlim _slots;
    private readonly ProvingOptions _options;
    private readonly IProverFaults? _faults;
    private readonly Dictionary<string, ProgramImage> _images = [];
    private readonly Lock _lock = new();

    public ProverWorker(IOptions<ProvingOptions> options, IProverFaults? faults = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        Width = _options.Concurrency > 0 ? _options.Concurrency : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(Width, Width);
        _faults = faults;
    }

    /// <summary>Segments proven at once on this silo.</summary>
    public int Width { get; }

    /// <summary>Segments proving now on this silo.</summary>
    public int Busy => Width - _slots.CurrentCount;

    /// <summary>Segments whose job cancelled them (it failed) before they started proving on this silo.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    private int _cancelled;

    /// <summary>Proves the segment (after waiting for a slot); a failure comes back as the result's one-line error.</summary>
    public async Task<SegmentResult> ProveAsync(SegmentTask task, string silo, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ProvingMetrics.SegmentQueued(1);
        try
        {
            await _slots.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The job failed while this segment waited for a slot: it is never proven.
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        finally
        {
            ProvingMetrics.SegmentQueued(-1);
        }
        // On the prover's silo, under the job's "proof segment" span (the grain call carries the trace here).
        using var span = ProvingTracing.Source.StartActivity("segment prove");
        span?.SetTag("wsc.proof.job", task.JobId);
        span?.SetTag("wsc.proof.segment", task.Index);
        span?.SetTag("wsc.proof.silo", silo);
        try
        {
            // A segment already proving runs to its end (the prover has no cancellation points); its job ignores the answer.
            var result = await Task.Run(() => Prove(task, silo), ct).ConfigureAwait(false);
            if (result.Error is { } error)
            {
                span?.SetStatus(ActivityStatusCode.Error, error);
            }
            return result;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        finally
        {
            _slots.Release();
        }
    }

    private SegmentResult Prove(SegmentTask task, string silo)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            if (_faults?.Refuse(task) is { } refusal)
            {
                throw new InvalidOperationException(refusal);
            }
            var image = Image(task.Program);
            var proven = SegmentProver.Prove(image, task.Input, _options.Proof(), task.SegmentLog2, task.Index, _options.MaxCycles);
            var bytes = proven.Encode();
            if (_faults is not null)
            {
                bytes = _faults.Apply(task, bytes);
            }
            var ms = sw.Elapsed.TotalMilliseconds;
            ProvingMetrics.SegmentsProven.Add(1);
            ProvingMetrics.SegmentProveTime.Record(ms);
            return new SegmentResult(task.Index, bytes, null, false, silo, ms);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or ElfFormatException)
        {
            // The run traps, has no such segment, or uses what the AIR cannot prove (keccak256): the same on every silo.
            ProvingMetrics.SegmentFailures.Add(1);
            return new SegmentResult(task.Index, null, e.Message.ReplaceLineEndings(" "), true, silo, sw.Elapsed.TotalMilliseconds);
        }
    }

    private ProgramImage Image(byte[] elf)
    {
        var key = Convert.ToHexString(SHA256.HashData(elf));
        lock (_lock)
        {
            if (_images.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }
        var image = ProgramImage.FromElf(elf);
        lock (_lock)
        {
            if (_images.Count >= CachedImages)
            {
                _images.Clear();
            }
            _images[key] = image;
        }
        return image;
    }

    public void Dispose() => _slots.Dispose();
}
