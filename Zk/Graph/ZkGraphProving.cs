namespace Wsc.Zk.Graph;

/// <summary>The manifest's `proving`: which outputs of a graph get a STARK receipt.</summary>
public enum ZkGraphProving
{
    /// <summary>Every successful output (the default).</summary>
    Always = 0,

    /// <summary>None: outputs are executed only.</summary>
    Never = 1,

    /// <summary>Only when the graph has data destinations (its outputs leave the cluster).</summary>
    OnDestination = 2,
}
