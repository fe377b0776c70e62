using Npgsql;
using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Proving;
using Wsc.TestKit;

namespace Wsc.Grains.Tests.Proving;

/// <summary>The job store contract, on memory and on a real PostgreSQL with deploy/sql/40-proving.sql.</summary>
public abstract class ProofJobStoreContract
{
    protected abstract IProofJobStore Store { get; }

    private static readonly DateTime T0 = new(2026, 12, 7, 3, 0, 0, DateTimeKind.Utc);

    private static ProofJob Job(string id, string? graph, int seconds) =>
        ProofJob.Plan(id, graph, graph is null ? null : 42, graph is null ? null : "0xbb", "0x" + new string('1', 64), 3000, 10, 3, T0.AddSeconds(seconds));

    [Fact]
    public async Task A_job_is_created_once_saved_listed_newest_first_and_read_back_whole()
    {
        var job = Job("g1@0xbb", "g1", 0);
        Assert.True(await Store.CreateAsync(job.Snapshot(), [1, 2, 3], [9]));
        Assert.False(await Store.CreateAsync(Job("g1@0xbb", "other", 5).Snapshot(), [7], [7]));
        Assert.True(await Store.CreateAsync(Job("bare", null, 10).Snapshot(), [1, 2, 3], []));
        Assert.True(await Store.CreateAsync(Job("g2@0xcc", "g2", 20).Snapshot(), [4], [8]));

        job.Admit(T0);
        job.Dispatch(2, i => $"prover/{i}", T0);
        job.Proven(0, "S127.0.0.1:11111:1", 812.5, T0.AddSeconds(1));
        await Store.SaveAsync(job.Snapshot());
        var back = await Store.GetAsync("g1@0xbb");
        Assert.NotNull(back);
        Assert.Equal(job.Snapshot() with { Segments = [] }, back with { Segments = [] });
        Assert.Equal(job.Snapshot().Segments, back.Segments);
        Assert.Equal("g1", back.GraphId);
        Assert.Equal(ProofSegmentState.Proven, back.Segments[0].State);
        Assert.Equal("S127.0.0.1:11111:1", back.Segments[0].Silo);

        Assert.Equal(["g2@0xcc", "bare", "g1@0xbb"], (await Store.ListAsync(null, 10)).Select(j => j.Id));
        Assert.Equal(["g2@0xcc", "bare"], (await Store.ListAsync(null, 2)).Select(j => j.Id));
        Assert.Equal(["g1@0xbb"], (await Store.ListAsync("g1", 10)).Select(j => j.Id));
        var inputs = await Store.InputsAsync("g1@0xbb");
        Assert.Equal(new byte[] { 1, 2, 3 }, inputs!.Value.Program);
        Assert.Equal(new byte[] { 9 }, inputs.Value.Input);
        Assert.Null(await Store.InputsAsync("nope"));
        Assert.Null(await Store.GetAsync("nope"));
        Assert.Equal(new Dictionary<string, ProofJobState> { ["g1@0xbb"] = ProofJobState.Proving, ["bare"] = ProofJobState.Queued },
            await Store.StatesAsync(["g1@0xbb", "bare", "nope"]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SaveAsync(Job("unknown", null, 0).Snapshot()));
    }

    [Fact]
    public async Task A_finished_job_is_not_replaced_by_a_late_write_of_an_unfinished_one()
    {
        var job = Job("fin", null, 0);
        Assert.True(await Store.CreateAsync(job.Snapshot(), [1], [2]));
        job.Admit(T0);
        var late = job.Snapshot(); // a second activation's view, still proving
        job.Fail("segment 0 was rejected 3 times: bad", T0);
        await Store.SaveAsync(job.Snapshot());
        await Store.SaveAsync(late);
        Assert.Equal(ProofJobState.Failed, (await Store.GetAsync("fin"))!.State);

        var verified = Job("fin", null, 0);
        verified.Admit(T0);
        verified.Dispatch(8, i => $"prover/{i}", T0);
        for (var i = 0; i < verified.Segments.Count; i++)
        {
            verified.Proven(i, "a", 1, T0);
            verified.Verified(i, T0);
        }
        verified.Complete(T0);
        await Store.SaveAsync(verified.Snapshot()); // verified wins over failed
        await Store.SaveAsync(late);
        await Store.SaveAsync(job.Snapshot());
        Assert.Equal(ProofJobState.Verified, (await Store.GetAsync("fin"))!.State);
        Assert.Equal(ProofJobState.Verified, (await Store.StatesAsync(["fin"]))["fin"]);
    }

    [Fact]
    public async Task Segment_proofs_and_the_receipt_are_bytes_beside_the_job()
    {
        Assert.True(await Store.CreateAsync(Job("s", null, 0).Snapshot(), [1], [2]));
        Assert.Empty(await Store.SegmentsAsync("s"));
        await Store.SaveSegmentAsync("s", 1, [5, 5]);
        await Store.SaveSegmentAsync("s", 0, [4]);
        await Store.SaveSegmentAsync("s", 1, [6]);
        var segments = await Store.SegmentsAsync("s");
        Assert.Equal(new byte[] { 4 }, segments[0]);
        Assert.Equal(new byte[] { 6 }, segments[1]);
        Assert.Null(await Store.ReceiptAsync("s"));
        await Store.SaveReceiptAsync("s", [7, 7, 7]);
        Assert.Equal(new byte[] { 7, 7, 7 }, await Store.ReceiptAsync("s"));
    }
}

public sealed class MemoryProofJobStoreTests : ProofJobStoreContract
{
    protected override IProofJobStore Store { get; } = new MemoryProofJobStore();
}

public sealed class PostgresProofJobStoreTests : ProofJobStoreContract, IClassFixture<PostgresProofJobStoreTests.Database>
{
    public PostgresProofJobStoreTests(Database db)
    {
        ArgumentNullException.ThrowIfNull(db);
        Store = new PostgresProofJobStore(db.Fresh());
    }

    protected override IProofJobStore Store { get; }

    public sealed class Database : IDisposable
    {
        private readonly PostgresServer _server = new();

        /// <summary>A new database with deploy/sql/40-proving.sql applied twice (the schema is idempotent).</summary>
        public NpgsqlDataSource Fresh()
        {
            var source = NpgsqlDataSource.Create(_server.ConnectionString(_server.CreateDatabase()));
            var sql = File.ReadAllText(Path.Combine(Paths.RepoRoot, "deploy", "sql", "40-proving.sql"));
            for (var i = 0; i < 2; i++)
            {
                using var cmd = source.CreateCommand(sql);
                cmd.ExecuteNonQuery();
            }
            return source;
        }

        public void Dispose() => _server.Dispose();
    }
}
