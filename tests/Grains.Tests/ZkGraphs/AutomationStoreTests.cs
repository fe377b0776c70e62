using Wsc.Grains.ZkGraphs.Automation;

namespace Wsc.Grains.Tests.ZkGraphs;

/// <summary>The automation store contract, on memory and on a real PostgreSQL with the deploy/sql schema.</summary>
public abstract class AutomationStoreContract
{
    protected abstract IAutomationStore Store { get; }

    private static string H(int i) => "0x" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private const string Key = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    private static AutomationTransaction Tx(int block, ulong nonce, int txHash) => new(H(1), (ulong)block, H(100 + block), Key, nonce, H(txHash), [1, 2, (byte)block]);

    [Fact]
    public async Task One_transaction_per_output_and_per_nonce_with_its_receipt()
    {
        Assert.Equal(0UL, await Store.NextNonceAsync(Key));
        Assert.Null(await Store.FindAsync(H(1), H(105)));
        var added = await Store.AddAsync(Tx(5, 0, 500));
        Assert.Equal(Tx(5, 0, 500) with { Raw = added!.Raw, Replaced = added.Replaced }, added);
        Assert.Empty(added.Replaced);
        Assert.Equal(1UL, await Store.NextNonceAsync(Key));

        // The same output signed again (a racing retry): the first stored transaction stands.
        var stored = await Store.AddAsync(Tx(5, 1, 501));
        Assert.Equal(H(500), stored!.TxHash);
        Assert.Equal(1UL, await Store.NextNonceAsync(Key));
        // Another output with a taken nonce: refused, the caller signs again.
        Assert.Null(await Store.AddAsync(Tx(6, 0, 600)));
        Assert.Null(await Store.FindAsync(H(1), H(106)));

        await Store.IncludedAsync(H(1), H(105), H(500), 42, true);
        var found = await Store.FindAsync(H(1), H(105));
        Assert.Equal((42UL, (bool?)true, H(500)), (found!.IncludedIn!.Value, found.Succeeded, found.IncludedHash));
        Assert.Equal(new byte[] { 1, 2, 5 }, found.Raw);
    }

    [Fact]
    public async Task A_bump_keeps_the_earlier_signing_a_reorg_clears_the_inclusion_and_unconfirmed_ones_are_watched()
    {
        await Store.AddAsync(Tx(5, 0, 500) with { ReceiptId = "job-5" });
        await Store.AddAsync(Tx(6, 1, 600));
        var bumped = await Store.ReplaceAsync(H(1), H(105), H(500), H(501), [9, 9]);
        Assert.Equal((H(501), 0UL), (bumped.TxHash, bumped.Nonce));
        Assert.Equal(new byte[] { 9, 9 }, bumped.Raw);
        Assert.Equal(new byte[] { 1, 2, 5 }, Assert.Single(bumped.Replaced));
        Assert.Equal("job-5", bumped.ReceiptId);
        // A second bump racing from the old hash changes nothing: the winner is read back.
        var raced = await Store.ReplaceAsync(H(1), H(105), H(500), H(502), [8]);
        Assert.Equal(H(501), raced.TxHash);
        Assert.Single(raced.Replaced);

        await Store.IncludedAsync(H(1), H(105), H(501), 40, true);
        await Store.IncludedAsync(H(1), H(106), H(600), 45, true);
        // Confirmed through 42: only block 45's is still watched; through 39 both, newest first.
        Assert.Equal([H(106)], (await Store.WatchedAsync(H(1), 42, 32)).Select(t => t.BlockHash));
        Assert.Equal([H(106), H(105)], (await Store.WatchedAsync(H(1), 39, 32)).Select(t => t.BlockHash));
        Assert.Empty(await Store.WatchedAsync(H(2), 0, 32));

        // A reorg dropped block 40: the inclusion is cleared and the transaction watched again whatever the bound.
        await Store.IncludedAsync(H(1), H(105), null, null, null);
        var dropped = await Store.FindAsync(H(1), H(105));
        Assert.Equal(((ulong?)null, (bool?)null, (string?)null), (dropped!.IncludedIn, dropped.Succeeded, dropped.IncludedHash));
        Assert.Contains(H(105), (await Store.WatchedAsync(H(1), 100, 32)).Select(t => t.BlockHash));
    }
}

public sealed class MemoryAutomationStoreTests : AutomationStoreContract
{
    protected override IAutomationStore Store { get; } = new MemoryAutomationStore();
}

public sealed class PostgresAutomationStoreTests(PostgresZkGraphOutputStoreTests.Database db) : AutomationStoreContract, IClassFixture<PostgresZkGraphOutputStoreTests.Database>
{
    protected override IAutomationStore Store { get; } = new PostgresAutomationStore(db.Fresh());
}
