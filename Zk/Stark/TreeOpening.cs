namespace Wsc.Zk.Stark;

/// <summary>Rows of one committed LDE matrix at the distinct queried positions (row-major) and their batched Merkle siblings.</summary>
public sealed record TreeOpening(ulong[] Rows, byte[] Siblings);
