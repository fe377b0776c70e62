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
    private readonly Logging.RepeatedWarning _stuck = new(logger, "Follower did not advance");

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
            await TrackHeadWhileHaltedAsync(ct);
            return false;
        }
        try
        {
            var more = await AdvanceAsync(ct);
            if (state.Halted is null)
            {
                await TrackFinalityAsync(ct);
            }
            LastError = null;
            _stuck.Clear();
            return more;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LastError = e.Message.ReplaceLineEndings(" ");
            // Polled every few hundred milliseconds: one warning per distinct problem, not one per poll.
            _stuck.Report($"stuck after block {state.Cursor?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}: {LastError}");
            return false;
        }
    }

    /// <summary>
    /// Keeps <see cref="FollowerState.NodeHead"/> current while paused or halted, so that status shows how far the
    /// ticks fall behind (the distance a resume will catch up). Not persisted: it is re-read on every step.
    /// </summary>
    private async Task TrackHeadWhileHaltedAsync(CancellationToken ct)
    {
        try
        {
            state.NodeHead = await source.HeadNumberAsync(ct);
            LastError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Status shows it; the log already has the halt, and a paused follower retries every poll.
            LastError = e.Message.ReplaceLineEndings(" ");
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
        var batch = Math.Max(1, options.FetchBatch);
        if (last - next + 1 > (ulong)batch)
        {
            // Catching up: learn how far the node has finalized, so that history below it is recorded final at once.
            // Safe is learnt with it: status is read while this step runs, and must not show one mark without the other.
            var safeNow = await source.TaggedHeaderAsync("safe", ct);
            var finalizedNow = await source.TaggedHeaderAsync("finalized", ct);
            FinalityMarks.Apply(state, safeNow?.Number, finalizedNow?.Number);
        }
        // Reaching the head: its newest blocks (above the finalized one) run live cycles, the rest is history.
        var liveFrom = last == target ? target - Math.Min(target, (ulong)Math.Max(0, options.LiveTail - 1)) : ulong.MaxValue;
        var inFlight = Math.Max(1, (Math.Max(1, options.Prefetch) + batch - 1) / batch);
        var window = Math.Max(1, options.TickConcurrency);
        var fetches = new Queue<(ulong First, int Count, Task<IReadOnlyList<VerifiedBlock>> Blocks)>();
        // Units of work in block order: one live block (its tick grain), or a run of final blocks (the ledger).
        var units = new Queue<(IReadOnlyList<VerifiedHeader> Headers, Task<IReadOnlyList<Interfaces.Consensus.TickRecord>> Records)>();
        var history = new List<VerifiedBlock>();
        var fetchNext = next;
        var sincePersist = 0;
        // The hash the next block must name as its parent: our tip, then each block dispatched after it.
        var expectedParent = state.Cursor is ulong tip0 ? state.Window.GetValueOrDefault(tip0) : null;
        try
        {
            while (fetches.Count > 0 || fetchNext <= last)
            {
                while (fetchNext <= last && fetches.Count < inFlight)
                {
                    var first = fetchNext;
                    var count = (int)Math.Min((ulong)batch, last - first + 1);
                    fetchNext += (ulong)count;
                    // Parsing and hashing run on the thread pool, not on the grain's single-threaded scheduler.
                    fetches.Enqueue((first, count, Task.Run(() => source.BlocksAsync(first, count, ct), ct)));
                }
                var (_, asked, pending) = fetches.Dequeue();
                var blocks = await pending;
                foreach (var block in blocks)
                {
                    if (expectedParent is not null && block.Header.ParentHash != expectedParent)
                    {
                        // The fetched block does not extend what we ticked: settle what is in flight, find the fork point.
                        FlushHistory();
                        await DrainAsync(0);
                        await HandleReorgAsync(block.Header, ct);
                        return state.Halted is null;
                    }
                    var number = block.Header.Number;
                    if ((number == target && last == target) || (number >= liveFrom && !(number <= state.Finalized)))
                    {
                        // The newest blocks: live ticks, which run the cycle's per-block work (the storage challenge).
                        FlushHistory();
                        units.Enqueue(([block.Header], One(sink.TickAsync(block, block.Header.Number <= state.Finalized))));
                    }
                    else
                    {
                        // Newer blocks are waiting: this one is history, recorded in bulk (final at or below the node's
                        // finalized height), one ledger call per page.
                        history.Add(block);
                        if ((block.Header.Number + 1) % Interfaces.Consensus.ITickLedgerGrain.PageSize == 0)
                        {
                            FlushHistory();
                        }
                    }
                    expectedParent = block.Header.Hash;
                    await DrainAsync(window - 1);
                }
                if (blocks.Count < asked)
                {
                    // The node's head number is ahead of what it can serve (a lagging backend): try again next poll.
                    FlushHistory();
                    await DrainAsync(0);
                    return false;
                }
            }
            FlushHistory();
            await DrainAsync(0);
        }
        finally
        {
            if (sincePersist > 0)
            {
                await persist();
            }
            // Prefetches abandoned by a reorg or an error still finish; observe them so none faults unobserved.
            foreach (var (_, _, t) in fetches)
            {
                _ = t.ContinueWith(static x => x.Exception, TaskScheduler.Default);
            }
            // Ticks already dispatched are waited for, whatever their outcome: one landing after the next step has
            // ticked another branch at its height would make a stale block the live record there.
            foreach (var (_, t) in units)
            {
                try
                {
                    await t;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogDebug("A tick abandoned by this step failed: {Error}", e.Message);
                }
            }
        }
        return last < target;

        void FlushHistory()
        {
            if (history.Count > 0)
            {
                units.Enqueue(([.. history.Select(b => b.Header)], sink.RecordHistoryAsync([.. history], state.Finalized)));
                history.Clear();
            }
        }

        async Task DrainAsync(int keep)
        {
            while (units.Count > keep)
            {
                var (headers, pendingRecords) = units.Peek();
                var records = await pendingRecords;
                units.Dequeue();
                for (var i = 0; i < headers.Count; i++)
                {
                    var (h, record) = (headers[i], records[i]);
                    state.Window[h.Number] = h.Hash;
                    if (h.Number > (ulong)options.ReorgDepth + 1)
                    {
                        state.Window.Remove(h.Number - (ulong)options.ReorgDepth - 1);
                    }
                    state.Cursor = h.Number;
                    if (record.Status == Interfaces.Consensus.TickState.Final
                        && (state.FinalizedTicked is ulong ft ? ft + 1 == h.Number : h.Number == options.StartBlock))
                    {
                        state.FinalizedTicked = h.Number;
                    }
                    Ticked?.Invoke(record.RecordedUtc - record.SeenUtc);
                }
                sincePersist += headers.Count;
                if (sincePersist >= Math.Max(1, options.PersistEvery))
                {
                    await persist();
                    sincePersist = 0;
                }
            }
        }
    }

    private static async Task<IReadOnlyList<Interfaces.Consensus.TickRecord>> One(Task<Interfaces.Consensus.TickRecord> tick) => [await tick];

    private async Task CheckTipAsync(ulong tip, CancellationToken ct)
    {
        var node = await source.HeaderAsync(tip, ct);
        if (node is not null && node.Hash == state.Window[tip])
        {
            return;
        }
        // Our tip was replaced at its height, or the chain got shorter: start from what the node has now.
        var newer = node
            ?? await source.HeaderAsync(await source.HeadNumberAsync(ct), ct)
            ?? throw new InvalidDataException("the node has no block at its own head number");
        await HandleReorgAsync(newer, ct);
    }

    /// <summary>
    /// <paramref name="newer"/> is a node block that does not extend our ticks. Follow its own parent links (by hash,
    /// each verified) down to a block we ticked: that is the fork point. Walking by hash rather than asking the node
    /// for each height means a node that serves inconsistent heights cannot make the search agree with itself.
    /// </summary>
    private async Task HandleReorgAsync(VerifiedHeader newer, CancellationToken ct)
    {
        var tip = state.Cursor ?? throw new InvalidOperationException("a reorg needs a ticked tip");
        var child = newer;
        ulong fork;
        if (child.Number <= tip && state.Window.TryGetValue(child.Number, out var same) && same == child.Hash)
        {
            fork = child.Number;
        }
        else
        {
            while (true)
            {
                if (child.Number == 0)
                {
                    await HaltAsync($"the node's block 0 {child.Hash} is not the ticked genesis block");
                    return;
                }
                var parentNumber = child.Number - 1;
                if (!state.Window.TryGetValue(parentNumber, out var ours))
                {
                    await HaltAsync($"reorg deeper than {options.ReorgDepth} blocks below {tip}: block {child.Number} {child.Hash} has no ticked ancestor within them");
                    return;
                }
                if (ours == child.ParentHash)
                {
                    fork = parentNumber;
                    break;
                }
                if (tip - parentNumber >= (ulong)options.ReorgDepth)
                {
                    await HaltAsync($"reorg deeper than {options.ReorgDepth} blocks below {tip}: ticked block {parentNumber} {ours} is no longer an ancestor of the node's chain");
                    return;
                }
                var parent = await source.HeaderByHashAsync(child.ParentHash, ct)
                    ?? throw new InvalidDataException($"the node cannot serve block {child.ParentHash}, the parent of its block {child.Number} {child.Hash}");
                if (parent.Number != parentNumber)
                {
                    throw new InvalidDataException($"block {child.ParentHash}, the parent of block {child.Number}, claims number {parent.Number}");
                }
                child = parent;
            }
        }
        if (fork >= tip)
        {
            throw new InvalidDataException($"block {newer.Number} {newer.Hash} neither extends nor replaces the ticked tip {tip}");
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
        FinalityMarks.Apply(state, safe?.Number, finalized?.Number);
        if (finalized is null || state.Cursor is not ulong cursor)
        {
            return;
        }
        if (finalized.Number > cursor)
        {
            // Not reached yet. (While catching up, ticks at or below it are recorded final as they are ticked;
            // the check below runs once the cursor passes the finalized height.)
            return;
        }
        // Our ticks are parent-linked, so if our tick at the finalized height is the finalized block, every tick
        // below it is one of its ancestors: final too. If not, the node contradicts what we ticked: halt.
        var ours = state.Window.TryGetValue(finalized.Number, out var inWindow) ? inWindow : await sink.CanonicalHashAsync(finalized.Number);
        if (ours != finalized.Hash)
        {
            await HaltAsync($"the node finalized block {finalized.Number} {finalized.Hash} but the ticked block there is {ours ?? "missing"}");
            return;
        }
        var upTo = finalized.Number;
        var from = state.FinalizedTicked is ulong done ? done + 1 : options.StartBlock;
        if (from > upTo)
        {
            return;
        }
        // One call per ledger page; the window supplies the hashes of the recent heights.
        const ulong Batch = 4096;
        for (var start = from; start <= upTo; start += Batch)
        {
            var end = Math.Min(upTo, start + Batch - 1);
            await sink.FinalizeRangeAsync(start, end, state.Window);
            state.FinalizedTicked = end;
        }
        await persist();
    }
}
