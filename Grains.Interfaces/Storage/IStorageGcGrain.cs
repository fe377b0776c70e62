namespace Wsc.Grains.Interfaces.Storage;

/// <summary>Garbage collection of unreferenced replicas (use key 0, so passes never overlap); run by `wsc storage gc`.</summary>
[Alias("wsc.storage.IStorageGcGrain")]
public interface IStorageGcGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Removes every replica that no directory entry references and that was neither stored nor confirmed by a
    /// directory within <paramref name="grace"/> (at least one minute; null = `Storage:GcGracePeriod`), so in-flight
    /// puts are never collected.
    /// </summary>
    [Alias("Collect"), ResponseTimeout("00:30:00")]
    Task<StorageGcRecord> CollectAsync(TimeSpan? grace);
}
