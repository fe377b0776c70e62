namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// A directory owner's signed grant: <paramref name="Grantee"/> may put files under <paramref name="Prefix"/> of the
/// owner's directory (docs/storage.md, "Prefix grants"). <paramref name="For"/> says what it serves (`zkgraph 0x…`).
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.StorageGrant")]
public sealed record StorageGrant(
    [property: Id(0)] string Owner,
    [property: Id(1)] ulong ChainId,
    [property: Id(2)] string Prefix,
    [property: Id(3)] string Grantee,
    [property: Id(4)] string For,
    [property: Id(5)] string Signature);
