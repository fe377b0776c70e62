namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>Where a clock tick stands: accepted, run, beyond reorg reach, or replaced by a reorg.</summary>
[GenerateSerializer]
public enum TickState
{
    /// <summary>Header accepted; the cycle has not finished.</summary>
    Pending = 0,

    /// <summary>Receipts verified and the cycle ran.</summary>
    Executed = 1,

    /// <summary>At or below the chain's finalized block.</summary>
    Final = 2,

    /// <summary>Its block left the canonical chain in a reorg.</summary>
    Orphaned = 3,
}
