using Wsc.Chain.Types;

namespace Wsc.Grains.ZkGraphs;

/// <summary>A verified block as the tick path hands it to the graphs: header, receipts (consensus encoding) and finality.</summary>
public sealed record ZkGraphBlock(BlockHeader Header, IReadOnlyList<byte[]> Receipts, bool Final);
