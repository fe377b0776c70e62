namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// A file in an owner's directory: its length, the roots of its blobs and the owner's signature over them, or a
/// grantee's signature and the owner's grant of a prefix of the path (so readers can check the commitments without
/// trusting the cluster).
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.DirectoryEntry")]
public sealed record DirectoryEntry(
    [property: Id(0)] string Owner,
    [property: Id(1)] ulong ChainId,
    [property: Id(2)] string Path,
    [property: Id(3)] long Length,
    [property: Id(4)] string[] Roots,
    [property: Id(5)] ulong Nonce,
    [property: Id(6)] string Signature,
    [property: Id(7)] StorageGrant? Grant = null);
