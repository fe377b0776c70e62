namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// One run a tick asks of a graph: the block, whether it is already final, and the graph's tick input (docs/zkgraph-input.md)
/// assembled from the verified header and receipts; the graph adds its slots and blobs.
/// </summary>
[GenerateSerializer, Immutable, Alias("wsc.zkgraphs.ZkGraphTick")]
public sealed record ZkGraphTick(
    [property: Id(0)] ulong Number,
    [property: Id(1)] string Hash,
    [property: Id(2)] bool Final,
    [property: Id(3)] byte[] Input);
