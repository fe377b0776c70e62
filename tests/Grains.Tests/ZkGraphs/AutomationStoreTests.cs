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
        Assert.Equal(Tx(5, 0, 500) with { Raw = added!.Raw }, added);
        Assert.Equal(1UL, await Store.NextNonceAsync(Key));

        // The same output signed again (a racing retry): the first stored transaction stands.
        var stored = await Store.AddAsync(Tx(5, 1, 501));
        Assert.Equal(H(500), stored!.TxHash);
        Assert.Equal(1UL, await Store.NextNonceAsync(Key));
        // Another output with a taken nonce: refused, the caller signs again.
        Assert.Null(await Store.AddAsync(Tx(6, 0, 600)));
        Assert.Null(await Store.FindAsync(H(1), H(106)));

        await Store.IncludedAsync(H(1), H(105), 42, true);
        var found = await Store.FindAsync(H(1), H(105));
        Assert.Equal((42UL, (bool?)true), (found!.IncludedIn!.Value, found.Succeeded));
        Assert.Equal(new byte[] { 1, 2, 5 }, found.Raw);
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
