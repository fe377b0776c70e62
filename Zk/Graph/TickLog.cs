namespace Wsc.Zk.Graph;

/// <summary>A matched log in the tick input: receipt and block log indexes, emitter, topics (0..4) and data.</summary>
public sealed record TickLog(uint ReceiptIndex, uint LogIndex, byte[] Address, IReadOnlyList<byte[]> Topics, byte[] Data);
