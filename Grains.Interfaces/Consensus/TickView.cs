namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>A tick's storage audit as printed: shards and samples checked, failures, replicas repaired.</summary>
public sealed record StorageAuditView(int Shards, int Samples, int Failures, int Repaired);

/// <summary>A tick as the API and `wsc ticks` print it (ARCHITECTURE section 9, plus the storage audit).</summary>
public sealed record TickView(ulong Number, string Hash, string ParentHash, string Status, int Logs, bool ReceiptsVerified, int ZkGraphRuns, StorageAuditView? Storage)
{
    public static TickView From(TickRecord r) =>
        new(r.Number, r.Hash, r.ParentHash, r.Status.ToString().ToLowerInvariant(), r.Logs, r.ReceiptsVerified, r.ZkGraphRuns,
            r.Storage is { } s ? new StorageAuditView(s.ShardsSampled, s.Samples, s.Failures, s.Repaired) : null);
}
