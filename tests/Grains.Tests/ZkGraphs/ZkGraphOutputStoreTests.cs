using Npgsql;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Grains.ZkGraphs;
using Wsc.TestKit;

namespace Wsc.Grains.Tests.ZkGraphs;

/// <summary>The output store contract, on memory and on a real PostgreSQL with the deploy/sql schema.</summary>
public abstract class ZkGraphOutputStoreContract
{
    protected abstract IZkGraphOutputStore Store { get; }

    private static string H(int i) => "0x" + i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static ZkGraphOutput O(int graph, ulong n, int hash, ZkGraphOutputStatus s = ZkGraphOutputStatus.Executed, string? error = null) =>
        new(H(graph), n, H(hash), s, [1, 2, (byte)n], error is null ? 0 : null, error, 1234, H(99), null, ["storage: ok"],
            new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task Saves_finds_ranges_and_orphans_by_block()
    {
        await Store.SaveAsync([O(1, 10, 100), O(1, 11, 101), O(2, 10, 100), O(1, 12, 102, ZkGraphOutputStatus.Failed, "trap CycleLimit")]);
        var found = await Store.FindAsync(H(1), [H(100), H(102), H(555)]);
        Assert.Equal(2, found.Count);
        var failed = Assert.Single(found, o => o.Hash == H(102));
        Assert.Equal(O(1, 12, 102, ZkGraphOutputStatus.Failed, "trap CycleLimit") with { Output = failed.Output, Destinations = failed.Destinations }, failed);
        Assert.Equal(new byte[] { 1, 2, 12 }, failed.Output);
        Assert.Equal(["storage: ok"], failed.Destinations);

        Assert.Equal(1, await Store.OrphanAsync(11, H(101)));
        Assert.Equal(0, await Store.OrphanAsync(11, H(101)));
        await Store.SaveAsync([O(1, 11, 201)]);
        var range = await Store.RangeAsync(H(1), 10, 11);
        Assert.Equal([(10UL, H(100), ZkGraphOutputStatus.Executed), (11UL, H(101), ZkGraphOutputStatus.Orphaned), (11UL, H(201), ZkGraphOutputStatus.Executed)],
            range.Select(o => (o.Number, o.Hash, o.Status)));
        // Saving the same (graph, hash) again replaces the record: one record per block hash.
        await Store.SaveAsync([O(1, 10, 100, ZkGraphOutputStatus.Final)]);
        Assert.Equal(ZkGraphOutputStatus.Final, Assert.Single(await Store.FindAsync(H(1), [H(100)])).Status);
        Assert.Single(await Store.RangeAsync(H(2), 0, 100));
    }

    [Fact]
    public async Task Finalizes_executed_outputs_up_to_a_block_once_and_never_orphans_or_failures()
    {
        await Store.SaveAsync([O(1, 10, 100), O(1, 11, 101), O(1, 11, 111), O(1, 12, 102, ZkGraphOutputStatus.Failed, "trap"), O(1, 13, 103), O(2, 10, 200)]);
        Assert.Equal(1, await Store.OrphanAsync(11, H(101)));

        var changed = await Store.FinalizeAsync(H(1), 12);
        Assert.Equal([(10UL, H(100)), (11UL, H(111))], changed.Select(o => (o.Number, o.Hash)));
        Assert.All(changed, o => Assert.Equal(ZkGraphOutputStatus.Final, o.Status));
        Assert.Empty(await Store.FinalizeAsync(H(1), 12));

        var range = await Store.RangeAsync(H(1), 0, 100);
        Assert.Equal([ZkGraphOutputStatus.Final, ZkGraphOutputStatus.Orphaned, ZkGraphOutputStatus.Final, ZkGraphOutputStatus.Failed, ZkGraphOutputStatus.Executed],
            range.Select(o => o.Status));
        Assert.Equal(ZkGraphOutputStatus.Executed, Assert.Single(await Store.RangeAsync(H(2), 0, 100)).Status);
        Assert.Equal([(13UL, H(103))], (await Store.FinalizeAsync(H(1), 20)).Select(o => (o.Number, o.Hash)));
    }

    [Fact]
    public async Task Undelivered_are_final_non_empty_successful_outputs_without_destination_results()
    {
        static ZkGraphOutput Bare(ZkGraphOutput o) => o with { Destinations = [] };
        await Store.SaveAsync([Bare(O(3, 10, 300, ZkGraphOutputStatus.Final)), Bare(O(3, 11, 301, ZkGraphOutputStatus.Final)) with { Output = [] },
            Bare(O(3, 12, 302, ZkGraphOutputStatus.Orphaned)), Bare(O(3, 13, 303, ZkGraphOutputStatus.Failed, "trap")), Bare(O(3, 14, 304)),
            O(3, 15, 305, ZkGraphOutputStatus.Final), Bare(O(3, 16, 306, ZkGraphOutputStatus.Final))]);
        Assert.Equal([H(300), H(306)], (await Store.UndeliveredAsync(H(3), 10)).Select(o => o.Hash));
        Assert.Equal([H(300)], (await Store.UndeliveredAsync(H(3), 1)).Select(o => o.Hash));
        await Store.SaveAsync([O(3, 10, 300, ZkGraphOutputStatus.Final)]);
        Assert.Equal([H(306)], (await Store.UndeliveredAsync(H(3), 10)).Select(o => o.Hash));
    }
}

public sealed class MemoryZkGraphOutputStoreTests : ZkGraphOutputStoreContract
{
    protected override IZkGraphOutputStore Store { get; } = new MemoryZkGraphOutputStore();
}

public sealed class PostgresZkGraphOutputStoreTests : ZkGraphOutputStoreContract, IClassFixture<PostgresZkGraphOutputStoreTests.Database>
{
    public PostgresZkGraphOutputStoreTests(Database db)
    {
        ArgumentNullException.ThrowIfNull(db);
        Store = new PostgresZkGraphOutputStore(db.Fresh());
    }

    protected override IZkGraphOutputStore Store { get; }

    public sealed class Database : IDisposable
    {
        private readonly PostgresServer _server = new();

        /// <summary>A new database with deploy/sql/30-zkgraphs.sql and 31-zkgraph-automation.sql applied twice (the schema is idempotent).</summary>
        public NpgsqlDataSource Fresh()
        {
            var source = NpgsqlDataSource.Create(_server.ConnectionString(_server.CreateDatabase()));
            var sql = File.ReadAllText(Path.Combine(Paths.RepoRoot, "deploy", "sql", "30-zkgraphs.sql")) + "\n"
                + File.ReadAllText(Path.Combine(Paths.RepoRoot, "deploy", "sql", "31-zkgraph-automation.sql"));
            using (var cmd = source.CreateCommand(sql))
            {
                cmd.ExecuteNonQuery();
            }
            using (var again = source.CreateCommand(sql))
            {
                again.ExecuteNonQuery();
            }
            return source;
        }

        public void Dispose() => _server.Dispose();
    }
}
