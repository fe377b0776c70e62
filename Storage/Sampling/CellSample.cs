namespace Wsc.Storage.Sampling;

/// <summary>One answered sample: the masked cell of replica <see cref="Replica"/> of blob <see cref="Root"/> with its Merkle path.</summary>
public sealed record CellSample(byte[] Root, int Replica, int Length, int Cell, byte[] MaskedCell, byte[] Path);
