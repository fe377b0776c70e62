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

    /// <summary>
    /// Replicas that the directories' commitments say must exist, checked on their shards per tick (a seeded sample when
    /// there are more; at most this many directories are read per tick too).
    /// </summary>
    public int PlacementChecksPerTick { get; set; } = 64;

    /// <summary>Largest file a whole-file read returns (bytes); larger files are read in ranges. Orleans' default message limit is 100 MB.</summary>
    public long MaxReadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Largest file a put stores (bytes); larger puts are refused before anything is uploaded. Every file streams on
    /// read, so what bounds it is the signed entry: it lists every blob root (66 bytes per 128 KiB), is signed and checked
    /// as one text, travels in one message and is rewritten with its directory's state on every change (1 GiB = 8192
    /// roots ≈ 0.5 MiB). At most <see cref="LargestMaxFileBytes"/>.
    /// </summary>
    public long MaxFileBytes { get; set; } = 1L << 30;

    /// <summary>The cap on <see cref="MaxFileBytes"/>: 16 GiB, an entry of ~9 MiB, well under Orleans' 100 MB message limit.</summary>
    public const long LargestMaxFileBytes = 16L << 30;

    /// <summary>Most blobs one upload part or one blob read carries (2 MiB): messages stay small, memory bounded.</summary>
    public const int MaxBlobsPerCall = 16;

    /// <summary>Default grace period of `wsc storage gc`: unreferenced replicas younger than this are kept.</summary>
    public TimeSpan GcGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>`memory` or `postgres`; empty means postgres when `Postgres:ConnectionString` is set, else memory.</summary>
    public string BlobStore { get; set; } = "";

    /// <summary>
    /// 32-byte hex secret for blob tags (`Wsc.Storage.Tags.BlobTagger`), the same on every silo of a cluster; empty
    /// means a random secret per silo process (tags then verify only where they were made; reads elsewhere fall back
    /// to rebuilding Merkle roots).
    /// </summary>
    public string TagSecret { get; set; } = "";

    /// <summary>Checks the numbers, naming the bad one.</summary>
    public void Validate()
    {
        if (Shards < 1 || Replicas < 1 || Replicas > Shards || SamplesPerTick < 0)
        {
            throw new ArgumentException($"Storage: Shards={Shards}, Replicas={Replicas}, SamplesPerTick={SamplesPerTick}: expected 1 <= Replicas <= Shards and SamplesPerTick >= 0");
        }
        if (PlacementChecksPerTick < 0 || MaxReadBytes < 0 || GcGracePeriod < StorageGcGrain.MinimumGrace)
        {
            throw new ArgumentException($"Storage: PlacementChecksPerTick={PlacementChecksPerTick}, MaxReadBytes={MaxReadBytes}, GcGracePeriod={GcGracePeriod}: expected PlacementChecksPerTick >= 0, MaxReadBytes >= 0, GcGracePeriod >= {StorageGcGrain.MinimumGrace}");
        }
        if (MaxFileBytes is < 0 or > LargestMaxFileBytes)
        {
            throw new ArgumentException($"Storage:MaxFileBytes={MaxFileBytes}: expected 0..{LargestMaxFileBytes} (16 GiB)");
        }
        _ = TagSecretBytes();
    }

    /// <summary>The decoded <see cref="TagSecret"/>, or null when none is configured.</summary>
    public byte[]? TagSecretBytes()
    {
        if (string.IsNullOrEmpty(TagSecret))
        {
            return null;
        }
        var hex = TagSecret.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? TagSecret[2..] : TagSecret;
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"Storage:TagSecret of {TagSecret.Length} characters: expected 64 hex digits (32 bytes), optionally 0x-prefixed");
        }
        return Convert.FromHexString(hex);
    }
}
