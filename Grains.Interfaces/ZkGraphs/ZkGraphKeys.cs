namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>Grain keys and storage paths of the zkGraph network.</summary>
public static class ZkGraphKeys
{
    /// <summary>The graph grain of <paramref name="graphId"/> on <paramref name="chain"/> (`eth-31337/0x…`): a graph id is unique per chain's registry.</summary>
    public static string Graph(string chain, string graphId) => chain + "/" + graphId;

    /// <summary>Splits a graph grain key into chain and graph id.</summary>
    public static (string Chain, string GraphId) ParseGraph(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new ArgumentException($"graph key '{key}' is not of the form <chain>/<graph id>");
    }

    /// <summary>Where a deployer stores a graph's manifest: `/zkgraphs/{name}/zkgraph.yaml` in the deployer's directory.</summary>
    public static string ManifestPath(string name) => $"/zkgraphs/{name}/zkgraph.yaml";

    /// <summary>Where a deployer stores a graph's program: `/zkgraphs/{name}/program.elf`.</summary>
    public static string ProgramPath(string name) => $"/zkgraphs/{name}/program.elf";
}
