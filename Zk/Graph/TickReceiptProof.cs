namespace Wsc.Zk.Graph;

/// <summary>A Merkle-Patricia proof of one receipt against the header's receipts root: the trie nodes, root first.</summary>
public sealed record TickReceiptProof(uint ReceiptIndex, IReadOnlyList<byte[]> Nodes);
