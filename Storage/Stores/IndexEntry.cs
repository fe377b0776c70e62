namespace Wsc.Storage.Stores;

/// <summary>A shard's promise to hold a replica (the index row); the bytes may be missing if lost.</summary>
public sealed record IndexEntry(byte[] Root, int Replica, int Length);
