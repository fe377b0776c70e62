using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Zk.Vm;

namespace Wsc.Grains.ZkGraphs;

/// <summary>Turns a run into its output record: exit 0 is executed (final at once when the block already is), anything else failed with one line.</summary>
public static class ZkGraphOutcome
{
    /// <summary>The record of <paramref name="result"/>, the run of <paramref name="graphId"/> on <paramref name="tick"/>.</summary>
    public static ZkGraphOutput From(string graphId, ZkGraphTick tick, ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(tick);
        ArgumentNullException.ThrowIfNull(result);
        string? error = result.Trap is { } trap
            ? $"trap {trap.Kind} at pc 0x{trap.Pc:x8} after {trap.Cycle} cycles: {trap.Message.ReplaceLineEndings(" ")}"
            : result.ExitCode != 0 ? $"exited with code {result.ExitCode}" : null;
        var status = error is not null ? ZkGraphOutputStatus.Failed : tick.Final ? ZkGraphOutputStatus.Final : ZkGraphOutputStatus.Executed;
        return new ZkGraphOutput(graphId, tick.Number, tick.Hash, status, result.Output, result.Trap is null ? result.ExitCode : null, error,
            result.Cycles, "0x" + Convert.ToHexStringLower(result.InputDigest), ReceiptId: null, Destinations: [], DateTime.UtcNow);
    }

    /// <summary>A run that could not start (program not loadable, input not assembled): failed, with why.</summary>
    public static ZkGraphOutput Failed(string graphId, ZkGraphTick tick, string reason)
    {
        ArgumentNullException.ThrowIfNull(tick);
        return new ZkGraphOutput(graphId, tick.Number, tick.Hash, ZkGraphOutputStatus.Failed, [], null, reason.ReplaceLineEndings(" "), 0, "",
            ReceiptId: null, Destinations: [], DateTime.UtcNow);
    }
}
