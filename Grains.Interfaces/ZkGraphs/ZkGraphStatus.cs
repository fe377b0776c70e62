namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>Whether a deployed graph runs on new ticks.</summary>
[GenerateSerializer]
public enum ZkGraphStatus
{
    Active = 0,
    Paused = 1,
    Removed = 2,
}
