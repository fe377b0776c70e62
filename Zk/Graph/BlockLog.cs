using Wsc.Chain.Types;

namespace Wsc.Zk.Graph;

/// <summary>A log of a block with its receipt (transaction) index and its index among all the block's logs.</summary>
public readonly record struct BlockLog(uint ReceiptIndex, uint LogIndex, Log Log);
