using Wsc.Chain;
using Wsc.Chain.Types;
using Wsc.Zk.Graph;

namespace Wsc.Zk.Tests.Graph;

public sealed class TickInputAssemblerTests
{
    private static readonly Address Token = Address.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static readonly Address Pool = Address.Parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static readonly Hash32 Transfer = Hash32.Parse("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    private static readonly Hash32 Sync = Hash32.Parse("0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1");

    private static Log L(Address a, Hash32 topic, byte data) => new() { Address = a, Topics = [topic], Data = [data] };

    private static TickInputAssembler Volume(ZkGraphTrigger? trigger = null) =>
        new(31337, [(Token, [Transfer])], trigger ?? new ZkGraphTrigger(true, 0), []);

    [Fact]
    public void Logs_are_numbered_across_receipts_and_only_the_filtered_ones_are_selected_in_block_order()
    {
        var logs = TickInputAssembler.BlockLogs([[L(Pool, Sync, 1), L(Token, Transfer, 2)], [], [L(Token, Sync, 3), L(Token, Transfer, 4)]]);
        Assert.Equal([(0u, 0u), (0u, 1u), (2u, 2u), (2u, 3u)], logs.Select(l => (l.ReceiptIndex, l.LogIndex)));
        var matched = Volume().Match(logs);
        Assert.Equal([(0u, 1u, (byte)2), (2u, 3u, (byte)4)], matched.Select(l => (l.ReceiptIndex, l.LogIndex, l.Data[0])));
        Assert.Equal(Token.ToArray(), matched[0].Address);
        Assert.Equal(Transfer.ToArray(), matched[0].Topics[0]);
    }

    [Fact]
    public void Triggers_follow_the_manifest_and_the_bloom_rules_blocks_out()
    {
        Assert.True(Volume().Triggers(7, 1));
        Assert.False(Volume().Triggers(7, 0));
        var everyThird = Volume(new ZkGraphTrigger(false, 3));
        Assert.True(everyThird.Triggers(9, 0));
        Assert.False(everyThird.Triggers(10, 5));
        Assert.True(Volume().MightMatch(Bloom.FromLogs([L(Token, Transfer, 1)])));
        Assert.False(Volume().MightMatch(Bloom.FromLogs([L(Pool, Sync, 1)])));
    }

    [Fact]
    public void The_bloom_probes_built_once_agree_with_testing_address_and_topics_one_by_one()
    {
        // A graph on two contracts, one with two topics: the address and one of its topics must both be in the filter.
        var assembler = new TickInputAssembler(31337, [(Token, [Transfer, Sync]), (Pool, [Sync])], new ZkGraphTrigger(true, 0), []);
        Log[][] blocks =
        [
            [], [L(Token, Transfer, 1)], [L(Token, Sync, 1)], [L(Pool, Sync, 1)], [L(Pool, Transfer, 1)],
            [L(Token, Hash32.Parse("0x" + new string('7', 64)), 1), L(Pool, Hash32.Parse("0x" + new string('8', 64)), 1)],
            [new Log { Address = Address.Parse("0x" + new string('9', 40)), Topics = [Transfer], Data = [] }],
        ];
        bool[] expected = [false, true, true, true, false, false, false];
        for (var i = 0; i < blocks.Length; i++)
        {
            var bloom = Bloom.FromLogs(blocks[i]);
            var oneByOne = (bloom.MightContain(Token.Span) && (bloom.MightContain(Transfer.Span) || bloom.MightContain(Sync.Span)))
                || (bloom.MightContain(Pool.Span) && bloom.MightContain(Sync.Span));
            Assert.Equal(oneByOne, assembler.MightMatch(bloom));
            Assert.Equal(expected[i], assembler.MightMatch(bloom));
        }
    }

    [Fact]
    public void The_input_carries_the_verified_header_fields()
    {
        var header = new BlockHeader
        {
            ParentHash = Hash32.Parse("0x" + new string('1', 64)), StateRoot = Hash32.Zero, Number = 12, GasLimit = 30_000_000, GasUsed = 21_000,
            Timestamp = 1012, BaseFeePerGas = 7, Coinbase = Pool, LogsBloom = Bloom.FromLogs([]),
        };
        var input = TickInput.Decode(Volume().Input(header, []).Encode());
        Assert.Equal(31337UL, input.ChainId);
        Assert.Equal(12UL, input.Number);
        Assert.Equal(1012UL, input.Timestamp);
        Assert.Equal(21_000UL, input.GasUsed);
        Assert.Equal(7, input.BaseFeePerGas[31]);
        Assert.Equal(header.Hash.ToArray(), input.Hash);
        Assert.Equal(header.ParentHash.ToArray(), input.ParentHash);
        Assert.Equal(Pool.ToArray(), input.Coinbase);
    }
}
