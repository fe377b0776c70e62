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
