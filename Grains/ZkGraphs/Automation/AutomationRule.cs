using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>When an output fires its destinations: stored final, not failed or orphaned, and not empty (empty means "nothing to do").</summary>
public static class AutomationRule
{
    public static bool Fires(ZkGraphOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.Status == ZkGraphOutputStatus.Final && output.Error is null && output.Output.Length > 0;
    }
}
