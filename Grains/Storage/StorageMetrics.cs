using System.Diagnostics.Metrics;

namespace Wsc.Grains.Storage;

/// <summary>The storage network's meter `Wsc.Storage`: bytes stored and read, samples checked, failures and repairs.</summary>
public static class StorageMetrics
{
    /// <summary>The meter name to add to OpenTelemetry.</summary>
    public const string MeterName = "Wsc.Storage";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> BytesStored = Meter.CreateCounter<long>("wsc.storage.bytes_stored", "By", "replica bytes written to the blob store");
    public static readonly Counter<long> BytesRead = Meter.CreateCounter<long>("wsc.storage.bytes_read", "By", "file bytes served");
    public static readonly Counter<long> Samples = Meter.CreateCounter<long>("wsc.storage.samples", "{sample}", "availability samples verified");
    public static readonly Counter<long> SampleFailures = Meter.CreateCounter<long>("wsc.storage.sample_failures", "{sample}", "availability samples that failed");
    public static readonly Counter<long> MissingReplicas = Meter.CreateCounter<long>("wsc.storage.missing_replicas", "{replica}", "committed replicas found missing from their shard");
    public static readonly Counter<long> Collected = Meter.CreateCounter<long>("wsc.storage.collected", "{replica}", "unreferenced replicas removed by garbage collection");
    public static readonly Counter<long> Retagged = Meter.CreateCounter<long>("wsc.storage.retagged", "{replica}", "replicas read through their Merkle root and tagged again (after a tag secret change)");
    public static readonly Counter<long> Repairs = Meter.CreateCounter<long>("wsc.storage.repairs", "{replica}", "replicas rebuilt from a healthy copy");
}
