using Microsoft.Extensions.Logging;

namespace Wsc.Grains.Consensus;

/// <summary>
/// The consensus algorithm, free of Orleans: reads verified heads, ticks blocks strictly in order, detects
/// reorgs by parent links against its window, retracts orphaned ticks, and tracks safe/finalized.
/// Every tick is dispatched before the cursor moves and the cursor is persisted right after, so a crash at any
/// point replays at most one idempotent tick.
/// </summary>
public sealed class ChainFollower(
    IEthereumSource source,
    ITickSink sink,
    FollowerState state,
    Func<Task> persist,
    EthereumOptions options,
    ILogger logger)
{
    /// <summary>The last failure (bad data, unreachable node), cleared by the next successful step.</summary>
    public string? LastError { get; private set; }

    /// <summary>Raised after each tick with the seen-to-recorded latency.</summary>
    public event Action<TimeSpan>? Ticked;

    /// <summary>
    /// One step: up to <see cref="EthereumOptions.MaxBlocksPerStep"/> blocks. Returns true when more blocks are
    /// waiting (the caller should step again soon). Errors are recorded in <see cref="LastError"/>, never thrown
    /// past a step: the follower simply does not advance on them.
    /// </summary>
    public async Task<bool> StepAsync(CancellationToken ct)
    {
        if (state.Halted is not null)
        {
            return false;
        }
        try
        {
            var more = await AdvanceAsync(ct);
            await TrackFinalityAsync(ct);
            LastError = null;
            return more;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LastError = e.Message.ReplaceLineEndings(" ");
            logger.LogWarning("Follower did not advance past {Cursor}: {Error}", state.Cursor, LastError);
            return false;
        }
    }

    private async Task<bool> AdvanceAsync(CancellationToken ct)
    {
        var head = await source.HeadNumberAsync(ct);
        state.NodeHead = head;
        var target = head >= (ulong)options.Confirmations ? head - (ulong)options.Confirmations : 0;
        var next = state.Cursor is ulong c ? c + 1 : options.StartBlock;
        if (state.Cursor is ulong cur && cur >= target)
        {
            // Nothing new to tick; a reorg may still have replaced our tip at the same height (or shortened the chain).
            await CheckTipAsync(cur, ct);
            return false;
        }
        var last = Math.Min(target, next + (ulong)Math.Max(1, options.MaxBlocksPerStep) - 1);
        var prefetch = Math.Max(1, options.Prefetch);
        var window = Math.Max(1, options.TickConcurrency);
        var fetches = new Queue<Task<VerifiedBlock?>>();
        var ticks = new Queue<(VerifiedHeader Header, Task<Interfaces.Consensus.TickRecord> Tick)>();
        var fetchNext = next;
        var sincePersist = 0;
        // The hash the next block must name as its parent: our tip, then each block dispatched after it.
        var expectedParent = state.Cursor is ulong tip0 ? state.Window.GetValueOrDefault(tip0) : null;
        try
        {
            while (fetches.Count > 0 || fetchNext <= last)
            {
                while (fetchNext <= last && fetches.Count < prefetch)
                {
                    var n = fetchNext++;
                    // Parsing and hashing run on the thread pool, not on the grain's single-threaded scheduler.
                    fetches.Enqueue(Task.Run(() => FetchBlockAsync(n, ct), ct));
                }
                var block = await fetches.Dequeue();
                if (block is null)
                {
                    break;
                }
                if (expectedParent is not null && block.Header.ParentHash != expectedParent)
                {
                    // The fetched block does not extend what we ticked: settle the ticks in flight, find the fork point.
                    await DrainAsync(0);
                    await HandleReorgAsync(state.Cursor!.Value, ct);
                    return true;
                }
                // Ticks are dispatched in block order; up to TickConcurrency run at once, and the cursor moves
                // strictly in order as each completes.
                ticks.Enqueue((block.Header, sink.TickAsync(block)));
                expectedParent = block.Header.Hash;
                await DrainAsync(window - 1);
            }
            await DrainAsync(0);
        }
        finally
        {
            if (sincePersist > 0)
            {
                await persist();
            }
            // Prefetches and ticks abandoned by a reorg or an error still finish; observe them so none faults unobserved.
            foreach (var t in fetches)
            {
                _ = t.ContinueWith(static x => x.Exception, TaskScheduler.Default);
            }
            foreach (var (_, t) in ticks)
            {
                _ = t.ContinueWith(static x => x.Exception, TaskScheduler.Default);
            }
        }
        return last < target;

        async Task DrainAsync(int keep)
        {
            while (ticks.Count > keep)
            {
                var (h, pendingTick) = ticks.Peek();
                var record = await pendingTick;
                ticks.Dequeue();
                state.Window[h.Number] = h.Hash;
                if (h.Number > (ulong)options.ReorgDepth + 1)
                {
                    state.Window.Remove(h.Number - (ulong)options.ReorgDepth - 1);
                }
                state.Cursor = h.Number;
                if (++sincePersist >= Math.Max(1, options.PersistEvery))
                {
                    await persist();
                    sincePersist = 0;
                }
                Ticked?.Invoke(record.RecordedUtc - record.SeenUtc);
            }
        }
    }

    private async Task<VerifiedBlock?> FetchBlockAsync(ulong number, CancellationToken ct)
    {
        var header = await source.HeaderAsync(number, ct);
        if (header is null)
        {
            return null;
        }
        var receipts = await source.ReceiptsAsync(header, ct);
        return new VerifiedBlock(header, receipts);
    }

    private async Task CheckTipAsync(ulong tip, CancellationToken ct)
    {
        var node = await source.HeaderAsync(tip, ct);
        if (node is null || node.Hash != state.Window[tip])
        {
            await HandleReorgAsync(tip, ct);
        }
    }

    /// <summary>Walks back from our tip to the highest height where the node agrees with our window.</summary>
    private async Task HandleReorgAsync(ulong tip, CancellationToken ct)
    {
        var fork = tip;
        while (true)
        {
            if (!state.Window.TryGetValue(fork, out var ours))
            {
                await HaltAsync($"reorg deeper than the window: no common ancestor found in blocks {fork + 1}..{tip} (reorg depth limit {options.ReorgDepth})");
                return;
            }
            var theirs = await source.HeaderAsync(fork, ct);
            if (theirs is not null && theirs.Hash == ours)
            {
                break;
            }
            if (fork == 0 || tip - fork >= (ulong)options.ReorgDepth)
            {
                await HaltAsync($"reorg deeper than {options.ReorgDepth} blocks below {tip}: block {fork} {ours} is no longer canonical");
                return;
            }
            fork--;
        }
        if (fork == tip)
        {
            return;
        }
        if (state.FinalizedTicked is ulong f && fork < f)
        {
            await HaltAsync($"reorg below the finalized block {f}: fork point {fork}");
            return;
        }
        logger.LogWarning("Reorg: blocks {From}..{To} left the canonical chain", fork + 1, tip);
        for (var n = tip; n > fork; n--)
        {
            await sink.RetractAsync(n, state.Window[n]);
            state.Window.Remove(n);
        }
        state.Cursor = fork;
        state.Reorgs++;
        await persist();
    }

    private async Task HaltAsync(string reason)
    {
        state.Halted = reason;
        logger.LogCritical("Chain follower halted: {Reason}", reason);
        await persist();
    }

    private async Task TrackFinalityAsync(CancellationToken ct)
    {
        var safe = await source.TaggedHeaderAsync("safe", ct);
        var finalized = await source.TaggedHeaderAsync("finalized", ct);
        state.Safe = safe?.Number;
        state.Finalized = finalized?.Number;
        if (finalized is null || state.Cursor is not ulong cursor)
        {
            return;
        }
        if (state.Window.TryGetValue(finalized.Number, out var ours) && ours != finalized.Hash)
        {
            await HaltAsync($"the node finalized block {finalized.Number} {finalized.Hash} but the ticked block there is {ours}");
            return;
        }
        var upTo = Math.Min(finalized.Number, cursor);
        var from = state.FinalizedTicked is ulong done ? done + 1 : options.StartBlock;
        if (from > upTo)
        {
            return;
        }
        const int Batch = 64;
        for (var start = from; start <= upTo; start += Batch)
        {
            var end = Math.Min(upTo, start + Batch - 1);
            var marks = new List<Task>();
            for (var n = start; n <= end; n++)
            {
                marks.Add(sink.FinalizeAsync(n, state.Window.GetValueOrDefault(n, "")));
            }
            await Task.WhenAll(marks);
            state.FinalizedTicked = end;
        }
        await persist();
    }
}
