namespace Wsc.Storage.Stores;

/// <summary>
/// The outcome of <see cref="IBlobStore.ReadAsync"/>: whether the replica's bytes exist, their stored length (bytes are
/// copied only when they fit the destination), and whether a tag was stored beside them (then copied too).
/// </summary>
public readonly record struct StoredRead(bool Found, int Length, bool Tagged)
{
    /// <summary>No bytes for that key.</summary>
    public static StoredRead Missing => default;
}
