namespace Wsc.Storage.Stores;

/// <summary>
/// A replica to write: its key, the blob length, the masked bytes and, when the writer has one, the blob's
/// <see cref="Tags.BlobTagger"/> tag (empty: untagged, readers check the Merkle root).
/// </summary>
public sealed record StoredReplica(BlobKey Key, int Length, ReadOnlyMemory<byte> Masked, ReadOnlyMemory<byte> Tag = default);
