using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Consensus;

/// <summary>A ledger page's persisted state: every record of its heights (one per block hash seen).</summary>
[GenerateSerializer, Alias("wsc.TickLedgerState")]
public sealed class TickLedgerState
{
    [Id(0)] public List<TickRecord> Records { get; set; } = [];
}
