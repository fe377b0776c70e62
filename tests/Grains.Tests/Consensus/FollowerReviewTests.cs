using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Wsc.Chain;
using Wsc.Chain.Types;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Tests.Consensus;

/// <summary>Review: the follower against an in-memory node and the real tick grains.</summary>
public sealed class FollowerReviewTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private sealed class FakeNode : IEthereumSource
    {
        public Dictionary<ulong, BlockHeader> Chain { get; } = [];
        public ulong Head { get; set; }
        public string Describe => "fake";
        public Task<ulong> ChainIdAsync(CancellationToken ct) => Task.FromResult(31337UL);
        public Task<ulong> HeadNumberAsync(CancellationToken ct) => Task.FromResult(Head);
        public Task<VerifiedHeader?> HeaderAsync(ulong number, CancellationToken ct) =>
            Task.FromResult(Chain.TryGetValue(number, out var h) ? View(h) : null);
        public Task<VerifiedHeader?> HeaderByHashAsync(string hash, CancellationToken ct) =>
            Task.FromResult(Chain.Values.FirstOrDefault(h => h.Hash.ToString() == hash) is { } h ? View(h) : null);
        public Task<VerifiedHeader?> TaggedHeaderAsync(string tag, CancellationToken ct) => Task.FromResult<VerifiedHeader?>(null);
        public Task<IReadOnlyList<byte[]>> ReceiptsAsync(VerifiedHeader header, CancellationToken ct) => Task.FromResult<IReadOnlyList<byte[]>>([]);
        public async IAsyncEnumerable<ulong> NewHeadsAsync([EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, ct);
            yield break;
        }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        private static VerifiedHeader View(BlockHeader h) => new(h.Number, h.Hash.ToString(), h.ParentHash.ToString(), h.Timestamp, h.Encode(), DateTime.UtcNow);

        public void Extend(ulong to, byte branch)
        {
            for (var n = Chain.Count == 0 ? 0 : Chain.Keys.Max() + 1; n <= to; n++)
            {
                var parent = n == 0 ? default : Chain[n - 1].Hash;
                Chain[n] = new BlockHeader { ParentHash = parent, StateRoot = default, Number = n, ExtraData = [branch] };
            }
            Head = to;
        }
    }

    /// <summary>The grain sink, except that the tick of one height fails once (a timeout, a storage hiccup).</summary>
    private sealed class FlakySink(ITickSink inner, ulong failAt) : ITickSink
    {
        private bool _failed;
        public Task<TickRecord> TickAsync(VerifiedBlock block, bool final)
        {
            if (block.Header.Number == failAt && !_failed)
            {
                _failed = true;
                return Task.FromException<TickRecord>(new TimeoutException("tick grain did not answer"));
            }
            return inner.TickAsync(block, final);
        }
        public Task<string?> CanonicalHashAsync(ulong number) => inner.CanonicalHashAsync(number);
        public Task RetractAsync(ulong number, string hash) => inner.RetractAsync(number, hash);
        public Task FinalizeAsync(ulong number, string hash) => inner.FinalizeAsync(number, hash);
    }

    [Fact]
    public async Task A_failed_tick_followed_by_a_reorg_leaves_two_executed_ticks_at_one_height()
    {
        const string chain = "review-dup";
        var node = new FakeNode();
        node.Extend(1, 0xA);
        var state = new FollowerState();
        var options = new EthereumOptions { TickConcurrency = 2, Prefetch = 4 };
        var sink = new FlakySink(new GrainTickSink(fixture.Client, chain), failAt: 2);
        var follower = new ChainFollower(node, sink, state, () => Task.CompletedTask, options, NullLogger.Instance);

        await follower.StepAsync(default);
        Assert.Equal(1UL, state.Cursor);

        // Blocks 2 and 3 arrive; tick 2 fails, tick 3 (dispatched concurrently) is recorded; the cursor stays at 1.
        node.Extend(3, 0xA);
        var oldThree = node.Chain[3].Hash.ToString();
        await follower.StepAsync(default);
        Assert.Equal(1UL, state.Cursor);

        // The node reorgs block 3 away, then the follower retries.
        node.Chain.Remove(3);
        node.Extend(3, 0xB);
        for (var i = 0; i < 3; i++)
        {
            await follower.StepAsync(default);
        }
        Assert.Equal(3UL, state.Cursor);
        Assert.Equal(node.Chain[3].Hash.ToString(), state.Window[3]);

        var records = await fixture.Client.GetGrain<IBlockTickGrain>(ChainKeys.Tick(chain, 3)).GetRecordsAsync();
        // Expected: the old block 3 is orphaned, only the new one is live. Actual: both are "executed".
        Assert.Equal(TickState.Orphaned, Assert.Single(records, r => r.Hash == oldThree).Status);
        Assert.Single(records, r => r.Status != TickState.Orphaned);
    }

    [Fact]
    public async Task A_head_number_the_node_cannot_serve_does_not_make_the_follower_spin()
    {
        var node = new FakeNode();
        node.Extend(5, 0xA);
        node.Head = 1_000_000; // eth_blockNumber is unverified; a lagging load-balanced backend or a liar says this
        var state = new FollowerState();
        var follower = new ChainFollower(node, new GrainTickSink(fixture.Client, "review-spin"), state,
            () => Task.CompletedTask, new EthereumOptions(), NullLogger.Instance);

        await follower.StepAsync(default);
        Assert.Equal(5UL, state.Cursor);
        // Nothing more can be fetched, yet the step asks to be re-run immediately (ChainGrain resets its timer to 0).
        Assert.False(await follower.StepAsync(default));
    }

    [Fact]
    public async Task A_self_consistent_forged_tip_is_orphaned_once_its_child_does_not_link_to_it()
    {
        const string chain = "review-forged";
        var node = new FakeNode();
        node.Extend(4, 0xA);
        var honest4 = node.Chain[4];
        // A proxy forges block 4 consistently (new receiptsRoot/gasUsed, hash recomputed), and keeps serving it by number.
        var forged4 = new BlockHeader { ParentHash = honest4.ParentHash, StateRoot = default, Number = 4, GasUsed = 21_000, ExtraData = [0xA] };
        node.Chain[4] = forged4;
        var state = new FollowerState();
        var follower = new ChainFollower(node, new GrainTickSink(fixture.Client, chain), state, () => Task.CompletedTask,
            new EthereumOptions(), NullLogger.Instance);
        await follower.StepAsync(default);
        Assert.Equal(forged4.Hash.ToString(), state.Window[4]); // accepted: nothing local can tell a consistent forgery at the tip

        // The honest block 5 names the honest block 4 as parent: the evidence that block 4 was forged.
        node.Chain[5] = new BlockHeader { ParentHash = honest4.Hash, StateRoot = default, Number = 5, ExtraData = [0xA] };
        node.Head = 5;
        var spins = 0;
        while (await follower.StepAsync(default) && ++spins < 50)
        {
        }
        // Expected: the follower reports the broken link (or follows block 5's ancestry) instead of asking to re-run forever.
        Assert.True(spins < 50, "StepAsync returned 'more' 50 times in a row without progress");
        Assert.NotNull(follower.LastError);
    }
}
