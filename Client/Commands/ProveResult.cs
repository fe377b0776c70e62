namespace Wsc.Client.Commands;

/// <summary>The JSON printed by `wsc prove`: the receipt's path, the run's cycles and segments, proving time and receipt size.</summary>
public sealed record ProveResult(string Receipt, long Cycles, int Segments, long ProveMs, long ReceiptBytes);
