namespace Wsc.Grains.Storage;

/// <summary>The `Storage` configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>Number of shards (shard grains 0..Shards-1).</summary>
    public int Shards { get; set; } = 8;

    /// <summary>Replicas per blob, on distinct shards (at most <see cref="Shards"/>).</summary>
    public int Replicas { get; set; } = 2;

    /// <summary>Samples each shard answers per tick.</summary>
    public int SamplesPerTick { get; set; } = 16;

    /// <summary>`memory` or `postgres`; empty means postgres when `Postgres:ConnectionString` is set, else memory.</summary>
    public string BlobStore { get; set; } = "";

    /// <summary>Checks the numbers, naming the bad one.</summary>
    public void Validate()
    {
        if (Shards < 1 || Replicas < 1 || Replicas > Shards || SamplesPerTick < 0)
        {
            throw new ArgumentException($"Storage: Shards={Shards}, Replicas={Replicas}, SamplesPerTick={SamplesPerTick}: expected 1 <= Replicas <= Shards and SamplesPerTick >= 0");
        }
    }
}
