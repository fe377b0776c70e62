namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// A signed put (roots given) or remove (no roots) of one path; see docs/storage.md for the signed text. A put signed by
/// another key than the owner's carries the owner's <see cref="StorageGrant"/> for a prefix of its path.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.DirectoryWrite")]
public sealed record DirectoryWrite(
    [property: Id(0)] string Owner,
    [property: Id(1)] ulong ChainId,
    [property: Id(2)] bool Remove,
    [property: Id(3)] string Path,
    [property: Id(4)] long Length,
    [property: Id(5)] string[] Roots,
    [property: Id(6)] ulong Nonce,
    [property: Id(7)] string Signature,
    [property: Id(8)] StorageGrant? Grant = null);
