using Microsoft.Extensions.Logging;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Grains.Interfaces.Storage;
using Wsc.Grains.ZkGraphs;

namespace Wsc.Grains.Consensus;

/// <summary>
/// One clock cycle of a live block. It trusts nothing it is handed: it re-derives the block hash from the header
/// RLP and the receipts root from the receipts, runs the cycle's work (the storage challenge), and records the
/// tick in its height's ledger page. A replay of a block already recorded returns the stored record without
/// running the cycle again, so at-least-once delivery yields one record. The grain keeps no state of its own.
/// </summary>
public sealed class BlockTickGrain(ILogger<BlockTickGrain> logger) : Grain, IBlockTickGrain
{
    public async Task<TickRecord> ProcessAsync(TickInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (chain, number) = ChainKeys.ParseTick(this.GetPrimaryKeyString());
        var ledger = Ledger(chain, number);
        var existing = (await ledger.GetAsync(number, number)).FirstOrDefault(r => r.Hash == input.Hash);
        if (existing is { Status: TickState.Final } || (existing is { Status: TickState.Executed } && !input.Final))
        {
            return existing;
        }
        if (existing is { Status: TickState.Executed })
        {
            return (await ledger.RecordAsync([existing with { Status = TickState.Final }]))[0];
        }

        var verified = TickVerifier.Verify(number, input);
        // Live ticks challenge the storage shards with this block's hash; blocks already final when ticked (catching
        // up) are history, and a challenge from an old hash proves nothing about availability now.
        var audit = input.Final ? null : await AuditStorageAsync(chain, number, input.Hash);
        // The compute step: every graph whose trigger matches runs on the verified header and receipts.
        var runs = (await new ZkGraphDispatcher(GrainFactory, chain, logger).RunAsync(1,
            _ => new ZkGraphBlock(Wsc.Chain.Types.BlockHeader.Decode(input.HeaderRlp), input.Receipts, input.Final)))[0];
        var record = new TickRecord(number, input.Hash, verified.ParentHash, input.Final ? TickState.Final : TickState.Executed,
            verified.Logs, ReceiptsVerified: true, ZkGraphRuns: runs, verified.Timestamp, input.SeenUtc, DateTime.UtcNow,
            verified.Transactions, audit);
        var stored = (await ledger.RecordAsync([record]))[0];
        logger.LogDebug("Tick {Number} {Hash}: {Logs} logs", number, input.Hash, verified.Logs);
        await PublishAsync(chain, stored);
        return stored;
    }

    /// <summary>Pushes the recorded tick to the chain's live feed (`wsc ticks --follow`); recorded first, so a failure is only logged.</summary>
    private async Task PublishAsync(string chain, TickRecord record)
    {
        try
        {
            await this.GetStreamProvider(Wsc.Grains.Interfaces.LiveFeeds.Provider)
                .GetStream<TickRecord>(StreamId.Create(Wsc.Grains.Interfaces.LiveFeeds.TicksNamespace, chain)).OnNextAsync(record);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Tick {Number} not published to the live feed: {Error}", record.Number, e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>The storage challenge of this tick; a failing audit is recorded as a problem, never blocks the clock.</summary>
    private async Task<StorageAuditRecord> AuditStorageAsync(string chain, ulong number, string hash)
    {
        try
        {
            return await GrainFactory.GetGrain<IStorageAuditGrain>(chain).AuditAsync(number, hash);
        }
        catch (Exception e)
        {
            logger.LogWarning("Storage audit of tick {Number} failed: {Error}", number, e.Message);
            return new StorageAuditRecord(number, hash, 0, 0, 0, 0, ["audit failed: " + e.Message.ReplaceLineEndings(" ")]);
        }
    }

    public async Task RetractAsync(string hash)
    {
        var (chain, number) = ChainKeys.ParseTick(this.GetPrimaryKeyString());
        await Ledger(chain, number).RetractAsync(number, hash);
        await new ZkGraphDispatcher(GrainFactory, chain, logger).RetractAsync(number, hash);
    }

    public Task FinalizeAsync(string hash)
    {
        var (chain, number) = ChainKeys.ParseTick(this.GetPrimaryKeyString());
        return Ledger(chain, number).FinalizeAsync(number, number, new Dictionary<ulong, string> { [number] = hash ?? "" });
    }

    public Task<IReadOnlyList<TickRecord>> GetRecordsAsync()
    {
        var (chain, number) = ChainKeys.ParseTick(this.GetPrimaryKeyString());
        return Ledger(chain, number).GetAsync(number, number);
    }

    private ITickLedgerGrain Ledger(string chain, ulong number) => GrainFactory.GetGrain<ITickLedgerGrain>(ChainKeys.Ledger(chain, number));
}
