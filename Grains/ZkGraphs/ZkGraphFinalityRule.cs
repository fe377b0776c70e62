using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.ZkGraphs;

/// <summary>
/// When an output is final by its graph's finality: `latest` at once, `safe`/`finalized` once the chain's safe/finalized
/// block reaches it, `confirmations:N` once the head is N blocks past it. A block the chain has finalized is final for
/// every graph. Orphaned and failed outputs keep their status.
/// </summary>
public static class ZkGraphFinalityRule
{
    /// <summary>The status <paramref name="output"/> has now, given the chain's head, safe and finalized heights.</summary>
    public static ZkGraphOutputStatus Status(ZkGraphOutput output, string finality, ulong? head, ulong? safe, ulong? finalized)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(finality);
        if (output.Status != ZkGraphOutputStatus.Executed)
        {
            return output.Status;
        }
        var through = FinalThrough(finality, head, safe, finalized);
        var final = output.Number <= through;
        return final ? ZkGraphOutputStatus.Final : ZkGraphOutputStatus.Executed;
    }

    /// <summary>
    /// The highest block whose outputs are final for a graph of <paramref name="finality"/>, or null while none is: what
    /// the settle step marks `final` in the store (every executed output at or below it, never an orphaned one).
    /// </summary>
    public static ulong? FinalThrough(string finality, ulong? head, ulong? safe, ulong? finalized)
    {
        ArgumentNullException.ThrowIfNull(finality);
        ulong? byKind = finality switch
        {
            "latest" => head,
            "safe" => safe,
            "finalized" => null,
            _ when finality.StartsWith("confirmations:", StringComparison.Ordinal)
                && ulong.TryParse(finality.AsSpan(14), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c)
                => head is ulong h && h >= c ? h - c : null,
            _ => null,
        };
        // A block the chain has finalized is final for every graph.
        return byKind is null ? finalized : finalized is null ? byKind : Math.Max(byKind.Value, finalized.Value);
    }
}
