namespace Wsc.Storage.Stores;

/// <summary>A replica to write: its key, the blob length and the masked bytes.</summary>
public sealed record StoredReplica(BlobKey Key, int Length, ReadOnlyMemory<byte> Masked);
