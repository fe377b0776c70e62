namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>What a deployer may do to its running graph.</summary>
[GenerateSerializer]
public enum ZkGraphAction
{
    /// <summary>Stop running it on new ticks (outputs stay).</summary>
    Pause = 0,

    /// <summary>Run it again on new ticks.</summary>
    Resume = 1,

    /// <summary>Forget it: no more runs, gone from the list (outputs stay readable by id).</summary>
    Remove = 2,
}
