namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// The live feed of a graph's outputs (Orleans streams, provider <see cref="Provider"/>): each graph publishes, as one
/// stream item, the outputs a run or a settle recorded (a block may come again with a later status: executed, then
/// final). Any Orleans client subscribes with <see cref="OutputsNamespace"/> and <see cref="Key"/>. A feed, not a store:
/// read the store (`OutputsAsync`) for history.
/// </summary>
public static class ZkGraphStreams
{
    /// <summary>The stream provider's name, on silos and clients.</summary>
    public const string Provider = "wsc-streams";

    /// <summary>The stream namespace of graph outputs; items are <see cref="ZkGraphOutput"/> arrays.</summary>
    public const string OutputsNamespace = "zkgraph-outputs";

    /// <summary>The stream key of one graph's outputs: `{chain}/{graph id}`, as the graph grain's key.</summary>
    public static string Key(string chain, string graphId) => ZkGraphKeys.Graph(chain, graphId);
}
