using System.Diagnostics.Metrics;

namespace Wsc.Grains.Proving;

/// <summary>
/// OpenTelemetry instruments of the proof network (meter `Wsc.Proving`): segments proven (their rate is segments per
/// second), prove time per segment, failures and rejected proofs, jobs finished, and the admission queue's length.
/// </summary>
public static class ProvingMetrics
{
    public const string MeterName = "Wsc.Proving";
    private static readonly Meter Meter = new(MeterName);
    private static int _waiting, _admitted, _segmentsQueued;

    public static readonly Counter<long> SegmentsProven = Meter.CreateCounter<long>("wsc.proving.segments_proven", "{segment}", "segments proven by this silo's provers");
    public static readonly Histogram<double> SegmentProveTime = Meter.CreateHistogram<double>("wsc.proving.segment_prove_time", "ms", "time to prove one segment (re-execution, trace, STARK)");
    public static readonly Counter<long> SegmentFailures = Meter.CreateCounter<long>("wsc.proving.segment_failures", "{segment}", "segments a prover could not prove (the run, the AIR, a silo lost)");
    public static readonly Counter<long> SegmentsRejected = Meter.CreateCounter<long>("wsc.proving.segments_rejected", "{segment}", "segment proofs that failed the job's verification and were proven again");
    public static readonly Counter<long> JobsVerified = Meter.CreateCounter<long>("wsc.proving.jobs_verified", "{job}", "jobs whose assembled receipt verified");
    public static readonly Counter<long> JobsFailed = Meter.CreateCounter<long>("wsc.proving.jobs_failed", "{job}", "jobs that ended failed");

    static ProvingMetrics()
    {
        Meter.CreateObservableGauge("wsc.proving.queue_waiting", () => Volatile.Read(ref _waiting), "{job}", "jobs waiting for a proving slot (Proving:MaxQueuedJobs)");
        Meter.CreateObservableGauge("wsc.proving.queue_admitted", () => Volatile.Read(ref _admitted), "{job}", "jobs proving");
        // The autoscaler's pods metric (deploy/k8s/base/hpa.yaml): per silo, since each silo has its own prover slots.
        Meter.CreateObservableGauge("wsc.proving.segments_queued", () => Volatile.Read(ref _segmentsQueued), "{segment}",
            "segments handed to this silo's provers and waiting for a slot (Proving:Concurrency)");
    }

    /// <summary>A segment reached this silo's prover and waits for a slot (+1), or got one or gave up (-1).</summary>
    public static void SegmentQueued(int delta) => Interlocked.Add(ref _segmentsQueued, delta);

    /// <summary>Segments waiting for a prover slot on this silo now.</summary>
    public static int SegmentsQueued => Volatile.Read(ref _segmentsQueued);

    /// <summary>The queue's lengths as its grain last saw them (the grain runs on one silo; other silos report 0).</summary>
    public static void Queue(int admitted, int waiting)
    {
        Volatile.Write(ref _admitted, admitted);
        Volatile.Write(ref _waiting, waiting);
    }
}
