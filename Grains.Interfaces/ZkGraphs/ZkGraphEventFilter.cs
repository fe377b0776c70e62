namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>Logs a graph reads: emitted by <see cref="Address"/> with topic0 one of <see cref="Topics"/> (0x-hex, lowercase).</summary>
[GenerateSerializer, Immutable, Alias("wsc.zkgraphs.ZkGraphEventFilter")]
public sealed record ZkGraphEventFilter(
    [property: Id(0)] string Address,
    [property: Id(1)] string[] Topics);
