using Wsc.Grains.Interfaces.Storage;

namespace Wsc.Grains.Storage;

/// <summary>Persisted directory: entries by path and the next nonce.</summary>
[GenerateSerializer, Alias("wsc.storage.DirectoryState")]
public sealed class DirectoryState
{
    [Id(0)]
    public Dictionary<string, DirectoryEntry> Entries { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public ulong NextNonce { get; set; }
}
