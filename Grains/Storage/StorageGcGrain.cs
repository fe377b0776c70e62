using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wsc.Grains.Interfaces.Storage;

namespace Wsc.Grains.Storage;

/// <summary>
/// Garbage collection: removes replicas that no directory entry references (left by puts that never reached their
/// directory update, and by overwritten or removed files) once they are older than a grace period. Safe against
/// in-flight puts because the cutoff is taken before the live roots are read, a directory confirms (re-ages) every
/// replica of a put inside the turn that publishes it, and the delete re-checks the age atomically.
/// </summary>
public sealed class StorageGcGrain(IOptions<StorageOptions> options, ILogger<StorageGcGrain> log) : Grain, IStorageGcGrain
{
    /// <summary>The shortest grace period accepted: longer than a put takes between storing blobs and publishing them.</summary>
    public static readonly TimeSpan MinimumGrace = TimeSpan.FromMinutes(1);

    // Candidates go back to a shard in batches of this many, each one statement.
    private const int Batch = 1000;

    public async Task<StorageGcRecord> CollectAsync(TimeSpan? gracePeriod)
    {
        var o = options.Value;
        var grace = gracePeriod ?? o.GcGracePeriod;
        if (grace < MinimumGrace)
        {
            throw new ArgumentException($"grace period {grace}: expected at least {MinimumGrace}, so puts in flight are never collected");
        }
        var cutoff = DateTime.UtcNow - grace;
        var directories = await GrainFactory.GetGrain<IStorageCatalogGrain>(0).ListAsync();
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in directories.Chunk(64))
        {
            foreach (var entries in await Task.WhenAll(chunk.Select(d => GrainFactory.GetGrain<IStorageDirectoryGrain>(d).EntriesAsync())))
            {
                foreach (var root in entries.SelectMany(e => e.Roots))
                {
                    live.Add(root.ToLowerInvariant());
                }
            }
        }
        int old = 0, removed = 0;
        for (var shard = 0; shard < o.Shards; shard++)
        {
            var grain = GrainFactory.GetGrain<IStorageShardGrain>(shard);
            var candidates = await grain.StoredBeforeAsync(cutoff);
            old += candidates.Length;
            foreach (var batch in candidates.Where(c => !live.Contains(c.Root)).Chunk(Batch))
            {
                removed += await grain.CollectAsync(batch, cutoff);
            }
        }
        StorageMetrics.Collected.Add(removed);
        log.LogInformation("storage gc: {Directories} directories, {Live} live roots, {Old} replicas older than {Cutoff:O}, {Removed} removed",
            directories.Length, live.Count, old, cutoff, removed);
        return new StorageGcRecord(cutoff, directories.Length, live.Count, old, removed);
    }
}
