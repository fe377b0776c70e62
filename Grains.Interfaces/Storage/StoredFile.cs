namespace Wsc.Grains.Interfaces.Storage;

/// <summary>A file read back: the directory entry (with the owner's signature) and the bytes.</summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.StoredFile")]
public sealed record StoredFile(
    [property: Id(0)] DirectoryEntry Entry,
    [property: Id(1)] byte[] Bytes);
