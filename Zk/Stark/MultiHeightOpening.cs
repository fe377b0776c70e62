namespace Wsc.Zk.Stark;

/// <summary>
/// An opening of one <see cref="Crypto.MultiHeightMerkleTree"/> commitment: per committed matrix (tallest first) its rows
/// at the distinct queried positions mod its height (row-major), and the siblings all of them share.
/// </summary>
public sealed record MultiHeightOpening(ulong[][] Rows, byte[] Siblings);
