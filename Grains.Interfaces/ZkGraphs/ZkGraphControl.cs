using System.Globalization;

namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>A pause, resume or remove of a graph, EIP-191 signed by its deployer over <see cref="Message"/> with the deployer's next nonce.</summary>
[GenerateSerializer, Immutable, Alias("wsc.zkgraphs.ZkGraphControl")]
public sealed record ZkGraphControl(
    [property: Id(0)] ulong ChainId,
    [property: Id(1)] string GraphId,
    [property: Id(2)] ZkGraphAction Action,
    [property: Id(3)] ulong Nonce,
    [property: Id(4)] string Signature)
{
    /// <summary>The exact text signed.</summary>
    public string Message() => string.Join('\n',
        "wsc-zkgraph " + Action.ToString().ToLowerInvariant(),
        string.Create(CultureInfo.InvariantCulture, $"chain: {ChainId}"),
        $"graph: {GraphId.ToLowerInvariant()}",
        string.Create(CultureInfo.InvariantCulture, $"nonce: {Nonce}"));
}
