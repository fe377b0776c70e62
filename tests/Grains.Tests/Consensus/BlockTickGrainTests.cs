using Wsc.Chain.Crypto;
using Wsc.Chain.Types;
using Wsc.Grains.Interfaces.Consensus;

namespace Wsc.Grains.Tests.Consensus;

public sealed class BlockTickGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static TickInput Input(byte[] header, byte[][] receipts) =>
        new(3, BlockHeader.Decode(header).Hash.ToString(), header, receipts, DateTime.UtcNow);

    private IBlockTickGrain Tick(string chain) => fixture.Client.GetGrain<IBlockTickGrain>($"{chain}/3");

    [Fact]
    public async Task A_replayed_tick_yields_the_same_single_record()
    {
        var (header, receipts) = Fixtures.Block3();
        var tick = Tick("replay");
        var first = await tick.ProcessAsync(Input(header, receipts));
        var second = await tick.ProcessAsync(Input(header, receipts) with { SeenUtc = DateTime.UtcNow.AddSeconds(5) });

        // Records are equal field by field (the audit's problem list is an array, compared by content).
        Assert.Equal(first with { Storage = null }, second with { Storage = null });
        Assert.Equal(first.Storage?.Problems, second.Storage?.Problems);
        var record = Assert.Single(await tick.GetRecordsAsync());
        Assert.Equal(TickState.Executed, record.Status);
        Assert.True(record.ReceiptsVerified);
        Assert.Equal(receipts.Length, record.Transactions);
        Assert.Equal(receipts.Sum(r => Receipt.Decode(r).Logs.Count), record.Logs);
        Assert.Equal(BlockHeader.Decode(header).ParentHash.ToString(), record.ParentHash);
    }

    [Fact]
    public async Task A_header_whose_rlp_does_not_hash_to_the_claimed_hash_is_refused_and_nothing_is_recorded()
    {
        var (header, receipts) = Fixtures.Block3();
        var input = Input(header, receipts);
        var tampered = (byte[])header.Clone();
        tampered[^5] ^= 1;
        var tick = Tick("bad-header");
        var e = await Assert.ThrowsAnyAsync<Exception>(() => tick.ProcessAsync(input with { HeaderRlp = tampered }));
        Assert.Contains("hashes to", e.Message);
        Assert.Empty(await tick.GetRecordsAsync());
    }

    [Fact]
    public async Task Receipts_that_do_not_match_the_receipts_root_are_refused_and_nothing_is_recorded()
    {
        var (header, receipts) = Fixtures.Block3();
        Assert.NotEmpty(receipts);
        var tampered = receipts.Select(r => (byte[])r.Clone()).ToArray();
        tampered[0][^1] ^= 1;
        var tick = Tick("bad-receipts");
        var e = await Assert.ThrowsAnyAsync<Exception>(() => tick.ProcessAsync(Input(header, tampered)));
        Assert.Contains("receipts", e.Message);
        Assert.Empty(await tick.GetRecordsAsync());

        var dropped = await Assert.ThrowsAnyAsync<Exception>(() => tick.ProcessAsync(Input(header, receipts[1..])));
        Assert.Contains("receipts", dropped.Message);
    }

    [Fact]
    public async Task A_tick_for_the_wrong_height_is_refused()
    {
        var (header, receipts) = Fixtures.Block3();
        var tick = fixture.Client.GetGrain<IBlockTickGrain>("wrong-height/4");
        var e = await Assert.ThrowsAnyAsync<Exception>(() => tick.ProcessAsync(Input(header, receipts) with { Number = 4 }));
        Assert.Contains("block 3", e.Message);
        Assert.Empty(await tick.GetRecordsAsync());
    }

    [Fact]
    public async Task Retract_orphans_and_a_reorg_back_restores_the_same_record()
    {
        var (header, receipts) = Fixtures.Block3();
        var tick = Tick("reorg-back");
        var first = await tick.ProcessAsync(Input(header, receipts));
        await tick.RetractAsync(first.Hash);
        Assert.Equal(TickState.Orphaned, Assert.Single(await tick.GetRecordsAsync()).Status);

        var again = await tick.ProcessAsync(Input(header, receipts));
        Assert.Equal(TickState.Executed, again.Status);
        Assert.Equal(first.Logs, again.Logs);
        Assert.Single(await tick.GetRecordsAsync());

        await tick.FinalizeAsync(first.Hash);
        Assert.Equal(TickState.Final, Assert.Single(await tick.GetRecordsAsync()).Status);
        await tick.RetractAsync("0x" + new string('0', 64));
        Assert.Equal(TickState.Final, Assert.Single(await tick.GetRecordsAsync()).Status);
        Assert.Equal(Keccak.Hash(header).ToString(), first.Hash);
    }
}
