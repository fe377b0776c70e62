using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.ZkGraphs;

/// <summary>The registry's persisted state: every graph deployed on the chain and each deployer's next nonce.</summary>
[GenerateSerializer, Alias("wsc.zkgraphs.ZkGraphRegistryState")]
public sealed class ZkGraphRegistryState
{
    /// <summary>Graphs by id (removed ones kept, so their outputs stay readable).</summary>
    [Id(0)] public Dictionary<string, ZkGraphInfo> Graphs { get; set; } = [];

    /// <summary>Next nonce by deployer (lowercase 0x address).</summary>
    [Id(1)] public Dictionary<string, ulong> Nonces { get; set; } = [];
}
