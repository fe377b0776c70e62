namespace Wsc.Zk.Graph;

/// <summary>Logs of one contract with one of the given event signatures; <see cref="Topics"/> are their topic0 hashes.</summary>
public sealed record EventFilter(byte[] Address, IReadOnlyList<string> Signatures, IReadOnlyList<byte[]> Topics);
