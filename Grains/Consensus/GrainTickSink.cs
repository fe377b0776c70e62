using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wsc.Chain.Types;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Grains.ZkGraphs;

namespace Wsc.Grains.Consensus;

/// <summary>
/// Sends the follower's decisions to one chain's grains: each live block to its block-tick grain (which re-verifies
/// and runs the cycle), history met while catching up straight to the ledger pages in one call per page, after the
/// page's zkGraph runs (one registry call and one call per triggered graph a page, so history keeps its bulk speed).
/// </summary>
public sealed class GrainTickSink(IGrainFactory grains, string chain, ILogger? logger = null,
    Func<IReadOnlyList<TickRecord>, Task>? publishHistory = null) : ITickSink
{
    private readonly ZkGraphDispatcher _graphs = new(grains, chain, logger ?? NullLogger.Instance);

    public async Task<TickRecord> TickAsync(VerifiedBlock block, bool final)
    {
        // The tick's trace: its grain calls (and theirs) are recorded under this span.
        using var span = TickTracing.StartTick(chain, block.Header.Number, block.Header.Hash, final);
        var previous = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = span ?? previous;
        try
        {
            var record = await Tick(block.Header.Number).ProcessAsync(new TickInput(
                block.Header.Number, block.Header.Hash, block.Header.Rlp, block.Receipts, block.Header.SeenUtc, final));
            span?.SetTag("wsc.tick.zkgraph_runs", record.ZkGraphRuns);
            return record;
        }
        catch (Exception e)
        {
            // The follower sends the block again (at-least-once), under a new span: this one records the failed attempt.
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message.ReplaceLineEndings(" "));
            throw;
        }
        finally
        {
            System.Diagnostics.Activity.Current = previous;
        }
    }

    public async Task<IReadOnlyList<TickRecord>> RecordHistoryAsync(IReadOnlyList<VerifiedBlock> blocks, ulong? finalizedThrough)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        // The blocks were verified by the follower's source (header hash, receipts root); what is recorded of them
        // is derived from that verified data. One ledger call per page, pages written concurrently.
        var pages = new List<Task<IReadOnlyList<TickRecord>>>();
        var start = 0;
        while (start < blocks.Count)
        {
            var page = blocks[start].Header.Number / ITickLedgerGrain.PageSize;
            var end = start;
            while (end < blocks.Count && blocks[end].Header.Number / ITickLedgerGrain.PageSize == page)
            {
                end++;
            }
            pages.Add(RecordPageAsync(blocks.Skip(start).Take(end - start).ToList(), finalizedThrough));
            start = end;
        }
        var stored = await Task.WhenAll(pages);
        IReadOnlyList<TickRecord> records = [.. stored.SelectMany(p => p)];
        if (publishHistory is not null)
        {
            // The history feed (`wsc ticks --follow`): after the ledger write, so a failure is only logged.
            try
            {
                await publishHistory(records);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger?.LogWarning("History ticks {From}..{To} not published to the live feed: {Error}", records[0].Number, records[^1].Number,
                    e.Message.ReplaceLineEndings(" "));
            }
        }
        return records;
    }

    private async Task<IReadOnlyList<TickRecord>> RecordPageAsync(List<VerifiedBlock> page, ulong? finalizedThrough)
    {
        var runs = await _graphs.RunAsync(page.Count, i =>
            new ZkGraphBlock(page[i].Header.Parsed ?? BlockHeader.Decode(page[i].Header.Rlp), page[i].Receipts, page[i].Header.Number <= finalizedThrough));
        var records = new List<TickRecord>(page.Count);
        for (var i = 0; i < page.Count; i++)
        {
            records.Add(Record(page[i], page[i].Header.Number <= finalizedThrough) with { ZkGraphRuns = runs[i] });
        }
        return await Ledger(page[0].Header.Number).RecordAsync(records);
    }

    public async Task RetractAsync(ulong number, string hash)
    {
        await Ledger(number).RetractAsync(number, hash);
        await _graphs.RetractAsync(number, hash);
    }

    public async Task<string?> CanonicalHashAsync(ulong number) =>
        (await Ledger(number).GetAsync(number, number)).FirstOrDefault(r => r.Status != TickState.Orphaned)?.Hash;

    public Task FinalizeAsync(ulong number, string hash) =>
        Ledger(number).FinalizeAsync(number, number, new Dictionary<ulong, string> { [number] = hash });

    public async Task FinalizeRangeAsync(ulong from, ulong to, IReadOnlyDictionary<ulong, string> hashes)
    {
        var calls = new List<Task>();
        for (var lo = from; lo <= to; lo = ((lo / ITickLedgerGrain.PageSize) + 1) * ITickLedgerGrain.PageSize)
        {
            var hi = Math.Min(to, ((lo / ITickLedgerGrain.PageSize) + 1) * ITickLedgerGrain.PageSize - 1);
            calls.Add(Ledger(lo).FinalizeAsync(lo, hi, hashes));
        }
        await Task.WhenAll(calls);
    }

    private static TickRecord Record(VerifiedBlock block, bool final)
    {
        var logs = block.Logs;
        if (logs is null)
        {
            logs = 0;
            foreach (var encoded in block.Receipts)
            {
                logs += Receipt.Decode(encoded).Logs.Count;
            }
        }
        var h = block.Header;
        return new TickRecord(h.Number, h.Hash, h.ParentHash, final ? TickState.Final : TickState.Executed, logs.Value, ReceiptsVerified: true, ZkGraphRuns: 0,
            h.Timestamp, h.SeenUtc, DateTime.UtcNow, block.Receipts.Count);
    }

    private IBlockTickGrain Tick(ulong number) => grains.GetGrain<IBlockTickGrain>(ChainKeys.Tick(chain, number));

    private ITickLedgerGrain Ledger(ulong number) => grains.GetGrain<ITickLedgerGrain>(ChainKeys.Ledger(chain, number));
}
