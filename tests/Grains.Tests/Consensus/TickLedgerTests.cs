using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Wsc.Chain.Types;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Tests.Consensus;

/// <summary>The tick ledger pages, and the follower recording history in bulk through them.</summary>
public sealed class TickLedgerTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    /// <summary>A block hash named by a letter, as the ledger stores hashes (0x and 64 lowercase hex digits).</summary>
    private static string H(char c) => "0x" + new string(c, 64);

    private static TickRecord Record(ulong n, string hash, TickState status = TickState.Final) =>
        new(n, hash, H('f'), status, 1, true, 0, 1000 + n, DateTime.UtcNow, default, 1);

    private ITickLedgerGrain Page(string chain, ulong number) => fixture.Client.GetGrain<ITickLedgerGrain>(ChainKeys.Ledger(chain, number));

    [Fact]
    public async Task Recording_is_idempotent_per_block_and_executed_ticks_become_final()
    {
        var page = Page("ledger-idem", 70);
        var first = await page.RecordAsync([Record(70, H('a'), TickState.Executed), Record(71, H('b'))]);
        var again = await page.RecordAsync([Record(70, H('a'), TickState.Executed), Record(71, H('b'))]);
        Assert.Equal(first, again);
        Assert.All(first, r => Assert.NotEqual(default, r.RecordedUtc));

        var upgraded = await page.RecordAsync([Record(70, H('a'), TickState.Final)]);
        Assert.Equal(TickState.Final, upgraded[0].Status);
        Assert.Equal(first[0].RecordedUtc, upgraded[0].RecordedUtc);
        Assert.Equal(2, (await page.GetAsync(0, ulong.MaxValue)).Count);
    }

    [Fact]
    public async Task A_batch_that_would_replace_a_final_tick_is_refused_whole()
    {
        var page = Page("ledger-final", 128);
        await page.RecordAsync([Record(128, H('a'))]);
        var before = await page.GetAsync(0, ulong.MaxValue);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => page.RecordAsync([Record(129, H('c')), Record(128, H('b'))]));
        Assert.Contains("is final here", e.Message);
        Assert.Equal(before, await page.GetAsync(0, ulong.MaxValue));
    }

    [Fact]
    public async Task Records_survive_a_reactivation_field_for_field()
    {
        var page = Page("ledger-reload", 300);
        var audit = new Wsc.Grains.Interfaces.Storage.StorageAuditRecord(301, H('b'), 2, 8, 8, 0, ["a problem"]);
        var stored = await page.RecordAsync([Record(300, H('a')), Record(301, H('b'), TickState.Executed) with { Storage = audit, Logs = 7, Transactions = 3 }]);
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reloaded = await Page("ledger-reload", 300).GetAsync(0, ulong.MaxValue);
        Assert.Equal(stored[0], reloaded[0]);
        Assert.Equal(stored[1] with { Storage = null }, reloaded[1] with { Storage = null });
        Assert.Equal(audit.Problems, reloaded[1].Storage!.Problems);
        Assert.Equal(audit with { Problems = [] }, reloaded[1].Storage! with { Problems = [] });
    }

    [Fact]
    public async Task Records_of_another_page_repeated_heights_and_orphan_status_are_refused()
    {
        var page = Page("ledger-bad", 0);
        await Assert.ThrowsAsync<ArgumentException>(() => page.RecordAsync([Record(5, "0xabc")]));
        await Assert.ThrowsAsync<ArgumentException>(() => page.RecordAsync([Record(ITickLedgerGrain.PageSize, H('a'))]));
        await Assert.ThrowsAsync<ArgumentException>(() => page.RecordAsync([Record(5, H('a')), Record(5, H('b'))]));
        await Assert.ThrowsAsync<ArgumentException>(() => page.RecordAsync([Record(5, H('a'), TickState.Orphaned)]));
        Assert.Empty(await page.GetAsync(0, ulong.MaxValue));
    }

    [Fact]
    public async Task A_new_block_orphans_the_live_one_and_an_orphan_can_come_back()
    {
        var page = Page("ledger-reorg", 9);
        await page.RecordAsync([Record(9, H('a'), TickState.Executed)]);
        await page.RecordAsync([Record(9, H('b'), TickState.Executed)]);
        var records = await page.GetAsync(9, 9);
        Assert.Equal(TickState.Orphaned, records.Single(r => r.Hash == H('a')).Status);
        Assert.Equal(TickState.Executed, records.Single(r => r.Hash == H('b')).Status);

        await page.RecordAsync([Record(9, H('a'), TickState.Executed)]);
        records = await page.GetAsync(9, 9);
        Assert.Equal(TickState.Executed, records.Single(r => r.Hash == H('a')).Status);
        Assert.Equal(TickState.Orphaned, records.Single(r => r.Hash == H('b')).Status);
        Assert.Equal(TickState.Orphaned, records[0].Status); // orphans first

        await page.FinalizeAsync(0, 20, new Dictionary<ulong, string> { [9] = H('b') });
        Assert.Equal(TickState.Executed, (await page.GetAsync(9, 9)).Single(r => r.Hash == H('a')).Status);
        await page.FinalizeAsync(0, 20, new Dictionary<ulong, string> { [9] = H('a') });
        Assert.Equal(TickState.Final, (await page.GetAsync(9, 9)).Single(r => r.Hash == H('a')).Status);
    }

    [Fact]
    public async Task Catching_up_records_history_in_bulk_and_only_the_newest_block_runs_a_live_cycle()
    {
        const string chain = "ledger-catchup";
        var node = new Node(head: 300, finalized: 236);
        var sink = new CountingSink(new GrainTickSink(fixture.Client, chain));
        var state = new FollowerState();
        var follower = new ChainFollower(node, sink, state, () => Task.CompletedTask,
            new EthereumOptions { FetchBatch = 32, Prefetch = 128, LiveTail = 1 }, NullLogger.Instance);
        while (await follower.StepAsync(default))
        {
        }
        Assert.Null(follower.LastError);
        Assert.Equal(300UL, state.Cursor);
        Assert.Equal(1, sink.LiveTicks);
        Assert.Equal(300, sink.HistoryBlocks);
        Assert.Equal(236UL, state.FinalizedTicked);

        var ticks = new List<TickRecord>();
        for (var lo = 0UL; lo <= 300; lo += ITickLedgerGrain.PageSize)
        {
            ticks.AddRange(await Page(chain, lo).GetAsync(lo, Math.Min(300, lo + ITickLedgerGrain.PageSize - 1)));
        }
        Assert.Equal(301, ticks.Count);
        Assert.Equal(Enumerable.Range(0, 301).Select(n => (ulong)n), ticks.Select(t => t.Number));
        Assert.All(ticks, t => Assert.Equal(node.Headers[(int)t.Number].Hash.ToString(), t.Hash));
        Assert.All(ticks.Where(t => t.Number <= 236), t => Assert.Equal(TickState.Final, t.Status));
        Assert.All(ticks.Where(t => t.Number > 236), t => Assert.Equal(TickState.Executed, t.Status));
        Assert.NotNull(ticks[^1].Storage); // the live cycle ran the storage challenge
        Assert.All(ticks.Take(300), t => Assert.Null(t.Storage));
    }

    [Fact]
    public async Task The_newest_blocks_above_the_finalized_one_run_live_cycles_when_a_step_reaches_the_head()
    {
        const string chain = "ledger-livetail";
        var node = new Node(head: 300, finalized: 296, safe: 298);
        var sink = new CountingSink(new GrainTickSink(fixture.Client, chain));
        var state = new FollowerState();
        var follower = new ChainFollower(node, sink, state, () => Task.CompletedTask,
            new EthereumOptions { FetchBatch = 32, Prefetch = 128, LiveTail = 8 }, NullLogger.Instance);
        while (await follower.StepAsync(default))
        {
        }
        Assert.Null(follower.LastError);
        Assert.Equal(300UL, state.Cursor);
        // 293..300 are the tail; 293..296 are final already (bulk), 297..300 run live.
        Assert.Equal(4, sink.LiveTicks);
        Assert.Equal(297, sink.HistoryBlocks);
        var tail = await Page(chain, 256).GetAsync(290, 300);
        Assert.All(tail.Where(t => t.Number >= 297), t => Assert.NotNull(t.Storage));
        Assert.All(tail.Where(t => t.Number < 297), t => Assert.Null(t.Storage));
        Assert.Equal(Enumerable.Range(290, 11).Select(n => (ulong)n), tail.Select(t => t.Number));
    }

    private sealed class CountingSink(ITickSink inner) : ITickSink
    {
        public int LiveTicks;
        public int HistoryBlocks;

        public Task<TickRecord> TickAsync(VerifiedBlock block, bool final)
        {
            Interlocked.Increment(ref LiveTicks);
            return inner.TickAsync(block, final);
        }

        public Task<IReadOnlyList<TickRecord>> RecordHistoryAsync(IReadOnlyList<VerifiedBlock> blocks, ulong? finalizedThrough)
        {
            Interlocked.Add(ref HistoryBlocks, blocks.Count);
            return inner.RecordHistoryAsync(blocks, finalizedThrough);
        }

        public Task RetractAsync(ulong number, string hash) => inner.RetractAsync(number, hash);
        public Task<string?> CanonicalHashAsync(ulong number) => inner.CanonicalHashAsync(number);
        public Task FinalizeAsync(ulong number, string hash) => inner.FinalizeAsync(number, hash);
        public Task FinalizeRangeAsync(ulong from, ulong to, IReadOnlyDictionary<ulong, string> hashes) => inner.FinalizeRangeAsync(from, to, hashes);
    }

    /// <summary>An in-memory node with a finalized tag and empty blocks.</summary>
    private sealed class Node : IEthereumSource
    {
        private readonly ulong _head;
        private readonly ulong _finalized;
        private readonly ulong _safe;

        public Node(ulong head, ulong finalized, ulong? safe = null)
        {
            (_head, _finalized, _safe) = (head, finalized, safe ?? finalized + 32);
            for (var n = 0UL; n <= head; n++)
            {
                Headers.Add(new BlockHeader { ParentHash = n == 0 ? default : Headers[(int)n - 1].Hash, StateRoot = default, Number = n, Timestamp = n });
            }
        }

        public List<BlockHeader> Headers { get; } = [];
        public string Describe => "memory";
        public Task<ulong> ChainIdAsync(CancellationToken ct) => Task.FromResult(31337UL);
        public Task<ulong> HeadNumberAsync(CancellationToken ct) => Task.FromResult(_head);
        public Task<VerifiedHeader?> HeaderAsync(ulong number, CancellationToken ct) => Task.FromResult(number <= _head ? View(Headers[(int)number]) : null);
        public Task<VerifiedHeader?> HeaderByHashAsync(string hash, CancellationToken ct) =>
            Task.FromResult(Headers.FirstOrDefault(h => h.Hash.ToString() == hash) is { } h ? View(h) : null);
        public Task<VerifiedHeader?> TaggedHeaderAsync(string tag, CancellationToken ct) =>
            Task.FromResult<VerifiedHeader?>(View(Headers[(int)(tag == "finalized" ? _finalized : _safe)]));
        public Task<IReadOnlyList<byte[]>> ReceiptsAsync(VerifiedHeader header, CancellationToken ct) => Task.FromResult<IReadOnlyList<byte[]>>([]);
        public async IAsyncEnumerable<ulong> NewHeadsAsync([EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, ct);
            yield break;
        }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        private static VerifiedHeader View(BlockHeader h) => new(h.Number, h.Hash.ToString(), h.ParentHash.ToString(), h.Timestamp, h.Encode(), DateTime.UtcNow);
    }
}
