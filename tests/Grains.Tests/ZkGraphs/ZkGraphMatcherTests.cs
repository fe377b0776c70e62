using Wsc.Chain;
using Wsc.Chain.Types;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Grains.ZkGraphs;
using ZkTickInput = Wsc.Zk.Graph.TickInput;

namespace Wsc.Grains.Tests.ZkGraphs;

public sealed class ZkGraphMatcherTests
{
    private static readonly Address Token = Address.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static readonly Address Pool = Address.Parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static readonly Hash32 Transfer = Hash32.Parse("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    private static readonly Hash32 Sync = Hash32.Parse("0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1");

    private static readonly ZkGraphSubscription Volume = new("0x01", [new ZkGraphEventFilter(Token.ToString(), [Transfer.ToString()])], true, 0);
    private static readonly ZkGraphSubscription EveryThird = new("0x02", [], false, 3);

    private static Log L(Address a, Hash32 topic, byte data) => new() { Address = a, Topics = [topic], Data = [data] };

    private static byte[] R(params Log[] logs) =>
        new Receipt { Type = 2, Status = true, CumulativeGasUsed = 21_000, Bloom = Bloom.FromLogs(logs), Logs = logs }.Encode();

    private static ZkGraphBlock Block(ulong number, params byte[][] receipts) => Block(number, null, receipts);

    private static ZkGraphBlock Block(ulong number, Bloom? bloom, params byte[][] receipts) => new(new BlockHeader
    {
        ParentHash = Hash32.Zero, StateRoot = Hash32.Zero, Number = number, GasLimit = 30_000_000, Timestamp = 1000 + number,
        BaseFeePerGas = 7, Coinbase = Pool, LogsBloom = bloom ?? Bloom.FromLogs(receipts.SelectMany(r => Receipt.Decode(r).Logs)),
    }, receipts, Final: false);

    [Fact]
    public void OnEvents_graphs_run_with_exactly_their_matched_logs_and_block_indexes()
    {
        var matcher = new ZkGraphMatcher(31337, [Volume]);
        var block = Block(9, R(L(Pool, Sync, 1), L(Token, Transfer, 2)), R(), R(L(Token, Sync, 3), L(Token, Transfer, 4)));
        var (graph, tick) = Assert.Single(matcher.Match(block));
        Assert.Equal("0x01", graph);
        Assert.Equal(9UL, tick.Number);
        Assert.Equal(block.Header.Hash.ToString(), tick.Hash);
        var input = ZkTickInput.Decode(tick.Input);
        Assert.Equal(31337UL, input.ChainId);
        Assert.Equal(9UL, input.Number);
        Assert.Equal(block.Header.Hash.ToArray(), input.Hash);
        Assert.Equal(7, input.BaseFeePerGas[31]);
        Assert.Equal([(0u, 1u, (byte)2), (2u, 3u, (byte)4)], input.Logs.Select(l => (l.ReceiptIndex, l.LogIndex, l.Data[0])));
        Assert.Empty(matcher.Match(Block(10, R(L(Pool, Transfer, 1)))));
    }

    [Fact]
    public void A_graph_asking_for_receipt_proofs_gets_one_per_matched_receipt_from_the_blocks_verified_receipts()
    {
        var proving = Volume with { GraphId = "0x03", ProveMatchedReceipts = true };
        var matcher = new ZkGraphMatcher(31337, [Volume, proving]);
        byte[][] receipts = [R(L(Token, Transfer, 1), L(Token, Transfer, 2)), R(L(Pool, Sync, 3)), R(L(Token, Transfer, 4))];
        var block = new ZkGraphBlock(new BlockHeader
        {
            ParentHash = Hash32.Zero, StateRoot = Hash32.Zero, Number = 11, GasLimit = 30_000_000, Timestamp = 1011, BaseFeePerGas = 7, Coinbase = Pool,
            LogsBloom = Bloom.FromLogs(receipts.SelectMany(r => Receipt.Decode(r).Logs)), ReceiptsRoot = Wsc.Chain.Trie.OrderedTrie.Root(receipts),
        }, receipts, Final: false);
        var runs = matcher.Match(block).ToDictionary(r => r.GraphId, r => ZkTickInput.Decode(r.Tick.Input));
        Assert.Empty(runs["0x01"].ReceiptProofs);
        var proofs = runs["0x03"].ReceiptProofs;
        Assert.Equal([0u, 2u], proofs.Select(p => p.ReceiptIndex));
        foreach (var p in proofs)
        {
            var key = new Wsc.Chain.Rlp.RlpWriter(8);
            key.WriteUInt64(p.ReceiptIndex);
            Assert.Equal(receipts[p.ReceiptIndex], Wsc.Chain.Trie.MerkleProof.Verify(block.Header.ReceiptsRoot, key.WrittenSpan, p.Nodes));
        }
        // Receipts that are not the header's (a bug upstream) give no input at all, never unproven proofs.
        var wrong = block with { Receipts = [receipts[0], receipts[2], receipts[1]] };
        Assert.Throws<InvalidDataException>(() => matcher.Match(wrong));
    }

    [Fact]
    public void EveryN_graphs_run_on_multiples_of_N_with_or_without_events()
    {
        var matcher = new ZkGraphMatcher(31337, [Volume, EveryThird]);
        Assert.Equal(["0x02"], matcher.Match(Block(3)).Select(m => m.GraphId));
        Assert.Empty(matcher.Match(Block(4)));
        Assert.Equal(["0x01", "0x02"], matcher.Match(Block(6, R(L(Token, Transfer, 1)))).Select(m => m.GraphId));
    }

    [Fact]
    public void A_block_whose_logsBloom_rules_the_filters_out_is_not_decoded()
    {
        var matcher = new ZkGraphMatcher(31337, [Volume, EveryThird]);
        // Receipts that would not even decode: the bloom (of a Sync log of the pool) says no Transfer of the token is there.
        var bloom = Bloom.FromLogs([L(Pool, Sync, 1)]);
        Assert.Equal(["0x02"], matcher.Match(Block(3, bloom, [0xde, 0xad])).Select(m => m.GraphId));
        Assert.Empty(ZkTickInput.Decode(matcher.Match(Block(3, bloom, [0xde, 0xad]))[0].Tick.Input).Logs);
    }
}
