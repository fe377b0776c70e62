using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Wsc.Chain.Types;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Tests.Consensus;

/// <summary>
/// The safe and finalized marks the chain status shows. Status is read between the awaits of a follow step
/// (GetStatusAsync interleaves), so what the sink sees of the state at each call is what a status reader may see.
/// </summary>
public sealed class FollowerFinalityMarkTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    /// <summary>An in-memory node whose `safe`/`finalized` answers a test sets (null: the node names no block).</summary>
    private sealed class TaggedNode : IEthereumSource
    {
        private readonly Dictionary<ulong, BlockHeader> _chain = [];
        public ulong Head { get; private set; }
        public ulong? Safe { get; set; }
        public ulong? Finalized { get; set; }
        public string Describe => "tagged";
        public Task<ulong> ChainIdAsync(CancellationToken ct) => Task.FromResult(31337UL);
        public Task<ulong> HeadNumberAsync(CancellationToken ct) => Task.FromResult(Head);
        public Task<VerifiedHeader?> HeaderAsync(ulong number, CancellationToken ct) =>
            Task.FromResult(_chain.TryGetValue(number, out var h) ? View(h) : null);
        public Task<VerifiedHeader?> HeaderByHashAsync(string hash, CancellationToken ct) =>
            Task.FromResult(_chain.Values.FirstOrDefault(h => h.Hash.ToString() == hash) is { } h ? View(h) : null);
        public Task<VerifiedHeader?> TaggedHeaderAsync(string tag, CancellationToken ct) =>
            Task.FromResult((tag == "safe" ? Safe : Finalized) is ulong n ? View(_chain[n]) : null);
        public Task<IReadOnlyList<byte[]>> ReceiptsAsync(VerifiedHeader header, CancellationToken ct) => Task.FromResult<IReadOnlyList<byte[]>>([]);
        public async IAsyncEnumerable<ulong> NewHeadsAsync([EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, ct);
            yield break;
        }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        private static VerifiedHeader View(BlockHeader h) => new(h.Number, h.Hash.ToString(), h.ParentHash.ToString(), h.Timestamp, h.Encode(), DateTime.UtcNow);

        public void Extend(ulong to)
        {
            for (var n = _chain.Count == 0 ? 0 : _chain.Keys.Max() + 1; n <= to; n++)
            {
                _chain[n] = new BlockHeader { ParentHash = n == 0 ? default : _chain[n - 1].Hash, StateRoot = default, Number = n };
            }
            Head = to;
        }
    }

    /// <summary>The grain sink, noting the marks in the follower's state each time the step hands it work.</summary>
    private sealed class ObservingSink(ITickSink inner, FollowerState state) : ITickSink
    {
        public List<(ulong? Safe, ulong? Finalized)> Seen { get; } = [];
        public Task<TickRecord> TickAsync(VerifiedBlock block, bool final)
        {
            Note();
            return inner.TickAsync(block, final);
        }
        public Task<IReadOnlyList<TickRecord>> RecordHistoryAsync(IReadOnlyList<VerifiedBlock> blocks, ulong? finalizedThrough)
        {
            Note();
            return inner.RecordHistoryAsync(blocks, finalizedThrough);
        }
        public Task<string?> CanonicalHashAsync(ulong number) => inner.CanonicalHashAsync(number);
        public Task RetractAsync(ulong number, string hash) => inner.RetractAsync(number, hash);
        public Task FinalizeAsync(ulong number, string hash) => inner.FinalizeAsync(number, hash);
        public Task FinalizeRangeAsync(ulong from, ulong to, IReadOnlyDictionary<ulong, string> hashes)
        {
            Note();
            return inner.FinalizeRangeAsync(from, to, hashes);
        }
        private void Note() => Seen.Add((state.Safe, state.Finalized));
    }

    [Fact]
    public async Task While_catching_up_the_state_never_shows_a_finalized_block_without_the_safe_one()
    {
        var node = new TaggedNode { Safe = 48, Finalized = 16 };
        node.Extend(80);
        var state = new FollowerState();
        var sink = new ObservingSink(new GrainTickSink(fixture.Client, "marks-catchup"), state);
        var follower = new ChainFollower(node, sink, state, () => Task.CompletedTask, new EthereumOptions(), NullLogger.Instance);

        Assert.False(await follower.StepAsync(default));

        Assert.Null(follower.LastError);
        Assert.Equal(80UL, state.Cursor);
        // History at or below the finalized block was recorded final within the step (so a reader could see it),
        // and at every point where the finalized mark was visible the safe one was too.
        Assert.Contains(sink.Seen, s => s.Finalized == 16);
        Assert.All(sink.Seen.Where(s => s.Finalized is not null), s => Assert.Equal(48UL, s.Safe));
        Assert.Equal((48UL, 16UL), (state.Safe, state.Finalized));
        Assert.Equal(16UL, state.FinalizedTicked);
    }

    [Fact]
    public async Task A_node_that_stops_naming_its_safe_and_finalized_blocks_does_not_take_the_marks_back()
    {
        var node = new TaggedNode { Safe = 6, Finalized = 4 };
        node.Extend(8);
        var state = new FollowerState();
        var follower = new ChainFollower(node, new GrainTickSink(fixture.Client, "marks-backwards"), state, () => Task.CompletedTask,
            new EthereumOptions(), NullLogger.Instance);
        await follower.StepAsync(default);
        Assert.Equal((6UL, 4UL), (state.Safe, state.Finalized));

        // A restarted or lagging backend answers no block for the tags, then lower ones.
        node.Safe = null;
        node.Finalized = null;
        node.Extend(9);
        await follower.StepAsync(default);
        Assert.Equal(9UL, state.Cursor);
        Assert.Equal((6UL, 4UL), (state.Safe, state.Finalized));
        node.Safe = 2;
        node.Finalized = 1;
        await follower.StepAsync(default);
        Assert.Equal((6UL, 4UL), (state.Safe, state.Finalized));

        // Forward answers are taken as ever.
        node.Safe = 8;
        node.Finalized = 7;
        await follower.StepAsync(default);
        Assert.Null(follower.LastError);
        Assert.Equal((8UL, 7UL), (state.Safe, state.Finalized));
        Assert.Equal(7UL, state.FinalizedTicked);
    }

    [Theory]
    [InlineData(null, null, null, null, null, null)]
    [InlineData(null, null, 5UL, 3UL, 5UL, 3UL)]
    [InlineData(5UL, 3UL, null, null, 5UL, 3UL)]
    [InlineData(5UL, 3UL, 4UL, 2UL, 5UL, 3UL)]
    [InlineData(5UL, 3UL, 9UL, 7UL, 9UL, 7UL)]
    [InlineData(null, null, null, 3UL, 3UL, 3UL)]
    [InlineData(2UL, 1UL, 2UL, 6UL, 6UL, 6UL)]
    public void Marks_only_move_forward_and_safe_is_never_below_finalized(
        ulong? safe, ulong? finalized, ulong? nodeSafe, ulong? nodeFinalized, ulong? expectedSafe, ulong? expectedFinalized)
    {
        var state = new FollowerState { Safe = safe, Finalized = finalized };
        FinalityMarks.Apply(state, nodeSafe, nodeFinalized);
        Assert.Equal((expectedSafe, expectedFinalized), (state.Safe, state.Finalized));
    }
}
