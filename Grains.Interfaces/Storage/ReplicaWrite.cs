namespace Wsc.Grains.Interfaces.Storage;

/// <summary>
/// One replica for a shard to keep: the blob root, the replica number, the plain blob bytes (the shard masks them) and,
/// from a silo, the blob's tag (`Wsc.Storage.Tags.BlobTagger`): a tag that verifies spares the shard rebuilding the
/// Merkle root; without one (or with a bad one) the shard checks the bytes against the root itself.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.storage.ReplicaWrite")]
public sealed record ReplicaWrite(
    [property: Id(0)] string Root,
    [property: Id(1)] int Replica,
    [property: Id(2)] byte[] Bytes,
    [property: Id(3)] byte[]? Tag = null);
