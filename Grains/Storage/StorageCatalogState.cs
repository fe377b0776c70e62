namespace Wsc.Grains.Storage;

/// <summary>Persisted catalog: the directory keys.</summary>
[GenerateSerializer, Alias("wsc.storage.StorageCatalogState")]
public sealed class StorageCatalogState
{
    [Id(0)]
    public SortedSet<string> Directories { get; set; } = new(StringComparer.Ordinal);
}
