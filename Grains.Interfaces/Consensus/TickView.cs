namespace Wsc.Grains.Interfaces.Consensus;

/// <summary>A tick as the API and `wsc ticks` print it.</summary>
public sealed record TickView(ulong Number, string Hash, string ParentHash, string Status, int Logs, bool ReceiptsVerified, int ZkGraphRuns)
{
    public static TickView From(TickRecord r) =>
        new(r.Number, r.Hash, r.ParentHash, r.Status.ToString().ToLowerInvariant(), r.Logs, r.ReceiptsVerified, r.ZkGraphRuns);
}
