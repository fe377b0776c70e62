using Microsoft.Extensions.Logging;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Grains.Interfaces.Storage;


namespace Wsc.Grains.Consensus;

/// <summary>
/// One clock cycle per height. It trusts nothing it is handed: it re-derives the block hash from the header RLP
/// and the receipts root from the receipts before recording. A replay of a block already recorded returns the
/// stored record, so at-least-once delivery yields one record.
/// </summary>
public sealed class BlockTickGrain(
    [PersistentState("tick", "wsc")] IPersistentState<TickGrainState> state,
    ILogger<BlockTickGrain> logger) : Grain, IBlockTickGrain
{
    public async Task<TickRecord> ProcessAsync(TickInput input)
    {
        var (_, number) = ChainKeys.ParseTick(this.GetPrimaryKeyString());
        var records = state.State.Records;
        var existing = records.FindIndex(r => r.Hash == input.Hash);
        var status = input.Final ? TickState.Final : TickState.Executed;
        if (existing >= 0 && records[existing].Status is TickState.Final)
        {
            return records[existing];
        }
        if (existing >= 0 && records[existing].Status is TickState.Executed)
        {
            if (status == TickState.Executed)
            {
                return records[existing];
            }
            records[existing] = records[existing] with { Status = TickState.Final };
            await state.WriteStateAsync();
            return records[existing];
        }

        var verified = TickVerifier.Verify(number, input);
        // One live record per height: a new block here replaces whatever was live (a tick recorded but never
        // committed by the follower before a reorg), unless that one is final.
        var final = records.Find(r => r.Hash != input.Hash && r.Status == TickState.Final);
        if (final is not null)
        {
            throw new InvalidOperationException($"tick {number}: block {final.Hash} is final here; {input.Hash} cannot replace it");
        }
        for (var i = 0; i < records.Count; i++)
        {
            if (i != existing && records[i].Status != TickState.Orphaned)
            {
                records[i] = records[i] with { Status = TickState.Orphaned };
            }
        }
        // Live ticks challenge the storage shards with this block's hash; blocks already final when ticked (catching
        // up) are history, and a challenge from an old hash proves nothing about availability now.
        var audit = input.Final ? null : await AuditStorageAsync(number, input.Hash);
        TickRecord record;
        if (existing >= 0)
        {
            // A block orphaned earlier is canonical again (the chain reorged back): the same cycle, re-run.
            record = records[existing] with { Status = status, RecordedUtc = DateTime.UtcNow, SeenUtc = input.SeenUtc, Storage = audit ?? records[existing].Storage };
            records[existing] = record;
        }
        else
        {
            record = new TickRecord(number, input.Hash, verified.ParentHash, status, verified.Logs,
                ReceiptsVerified: true, ZkGraphRuns: 0, verified.Timestamp, input.SeenUtc, DateTime.UtcNow, verified.Transactions, audit);
            records.Add(record);
        }
        await state.WriteStateAsync();
        logger.LogDebug("Tick {Number} {Hash}: {Logs} logs", number, input.Hash, verified.Logs);
        return record;
    }

    /// <summary>The storage challenge of this tick; a failing audit is recorded as a problem, never blocks the clock.</summary>
    private async Task<StorageAuditRecord> AuditStorageAsync(ulong number, string hash)
    {
        var (chain, _) = ChainKeys.ParseTick(this.GetPrimaryKeyString());
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
        var records = state.State.Records;
        var i = records.FindIndex(r => r.Hash == hash);
        if (i < 0 || records[i].Status == TickState.Orphaned)
        {
            return;
        }
        records[i] = records[i] with { Status = TickState.Orphaned };
        await state.WriteStateAsync();
    }

    public async Task FinalizeAsync(string hash)
    {
        var records = state.State.Records;
        var i = records.FindIndex(r => r.Status == TickState.Executed && (hash.Length == 0 || r.Hash == hash));
        if (i < 0)
        {
            return;
        }
        records[i] = records[i] with { Status = TickState.Final };
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<TickRecord>> GetRecordsAsync() => Task.FromResult<IReadOnlyList<TickRecord>>([.. state.State.Records]);
}
