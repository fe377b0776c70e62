using System.Diagnostics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Wsc.Chain.Crypto;
using Wsc.Client.Cli;
using Wsc.Client.Db;
using Wsc.Client.ZkGraphs;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Grains.Proving;
using Wsc.Integration.Tests.Harness;
using Wsc.Integration.Tests.ZkGraphs;
using Wsc.TestKit;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// One trace per tick, proving included: two production silos (in this process, so one in-memory exporter sees both)
/// on one PostgreSQL prove the outputs of a graph with a storage destination. The block's trace holds its tick, the
/// graph's run, the output's proof job, its segments handed to provers on both silos (each proven under the call that
/// carried the trace there), the receipt's assembly, and the destination's delivery at a later settle.
/// </summary>
public sealed class ProofTraceTests
{
    private const string WriterKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // anvil account 1
    private static readonly PrivateKey Deployer = PrivateKey.FromHex(AnvilNode.Key0);

    [Fact]
    public async Task A_ticks_trace_holds_its_proof_job_the_segments_on_both_silos_and_the_delivery()
    {
        var spans = new SpanRecorder();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TickTracing.SourceName, ProvingTracing.SourceName, "Microsoft.Orleans.Application")
            .AddProcessor(new SimpleActivityExportProcessor(spans))
            .Build();
        using var pg = new PostgresServer();
        var cs = pg.CreateDatabase();
        await new DatabaseMigrator(cs).MigrateAsync(MigrationSource.Default());
        using var anvil = new AnvilNode();
        (string, string)[] settings =
        [
            ("Profile", "Production"), ("Postgres:ConnectionString", cs), ("Orleans:AdvertisedIPAddress", "127.0.0.1"),
            ("Automation:Key", WriterKey),
            // Small, fast proofs: segments of 2^6 cycles (the graph runs a few hundred), one at a time per silo.
            ("Proving:Enabled", "true"), ("Proving:SegmentLog2", "6"), ("Proving:Concurrency", "1"), ("Proving:Width", "4"),
            ("Proving:PollInterval", "00:00:00.200"), ("Proving:Queries", "8"), ("Proving:GrindingBits", "0"),
            ("Proving:FoldingFactor", "4"), ("Proving:RemainderSize", "8"),
        ];
        await using var a = await InProcessSilo.StartAsync(anvil.Rpc, settings);
        await using var b = await InProcessSilo.StartAsync(anvil.Rpc, settings);
        await using var conn = await ClusterConnection.ConnectAsync($"127.0.0.1:{a.GatewayPort}", CancellationToken.None);
        // Both silos in the membership before the graph runs, so consecutive segments are placed on both.
        await InProcessSilo.WaitUntilAsync(async () => await ActiveSilosAsync(cs) == 2, 60, "both silos active");

        var (yaml, elf) = Graphs.Inline("traced-numbers", Graphs.BlockNumber, """
            dataDestinations:
              - kind: storage
                url: "web3://0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266:31337/outputs/traced-numbers/{block}.bin"
            """);
        var graph = await ZkGraphClient.DeployAsync(conn.Client, 31337, yaml, elf, Deployer);
        await anvil.MineAsync(1);
        var dev = new DevChain(anvil);
        var head = await dev.HeadAsync();
        var hash = await dev.HashAtAsync(head);
        var outputs = conn.Client.GetGrain<IZkGraphGrain>(ZkGraphKeys.Graph("eth-31337", graph.Id));
        await InProcessSilo.WaitUntilAsync(async () =>
        {
            var o = (await outputs.OutputsAsync(head, head)).SingleOrDefault();
            Assert.False(o?.ReceiptState?.StartsWith("failed", StringComparison.Ordinal) == true, o?.ReceiptState);
            return o is { ReceiptState: "verified", Destinations: [var d] } && d.Contains("written", StringComparison.Ordinal);
        }, 180, $"block {head}'s output proven and delivered");

        List<Activity> Snapshot()
        {
            tracing.ForceFlush();
            return spans.Snapshot();
        }
        var trace = TickTracing.BlockContext(hash).TraceId;
        // The delivery's span ends just after its result is stored.
        await InProcessSilo.WaitUntilAsync(() => Task.FromResult(Snapshot().Any(s => s.TraceId == trace && s.DisplayName == "zkgraph deliver")), 30, "the delivery's span");
        var inTrace = Snapshot().Where(s => s.TraceId == trace).ToList();
        Activity One(string name) => Assert.Single(inTrace, s => s.DisplayName == name && s.Status != ActivityStatusCode.Error);
        bool Under(Activity span, Activity ancestor)
        {
            var byId = inTrace.ToDictionary(s => s.SpanId);
            for (var p = span.ParentSpanId; byId.TryGetValue(p, out var parent); p = parent.ParentSpanId)
            {
                if (parent == ancestor)
                {
                    return true;
                }
            }
            return false;
        }

        var tick = One("tick");
        Assert.Equal(head, (ulong)(long)tick.GetTagItem("wsc.tick.number")!);
        var run = Assert.Single(inTrace, s => s.DisplayName.Contains("IZkGraphGrain", StringComparison.Ordinal) && s.DisplayName.Contains("Run", StringComparison.Ordinal) && s.Kind == ActivityKind.Server);
        Assert.True(Under(run, tick), "the graph run is not under its tick");
        var job = One("proof job");
        Assert.Equal($"{graph.Id}@{hash}", job.GetTagItem("wsc.proof.job"));
        Assert.Equal("verified", job.GetTagItem("wsc.proof.state"));
        Assert.True(Under(job, run), "the proof job is not under the graph run that started it");
        var segments = (int)job.GetTagItem("wsc.proof.segments")!;
        Assert.True(segments >= 2, $"{segments} segments");
        var handed = inTrace.Where(s => s.DisplayName == "proof segment" && s.Status != ActivityStatusCode.Error).ToList();
        Assert.Equal(segments, handed.Select(s => (int)s.GetTagItem("wsc.proof.segment")!).Distinct().Count());
        Assert.All(handed, s => Assert.Equal(job.SpanId, s.ParentSpanId));
        // Proven on both silos, each under the hand-out whose call carried the trace to it.
        var proven = inTrace.Where(s => s.DisplayName == "segment prove").ToList();
        Assert.All(proven, p => Assert.Contains(handed, h => Under(p, h)));
        Assert.Equal(2, proven.Select(p => (string)p.GetTagItem("wsc.proof.silo")!).Distinct().Count());
        var assemble = One("proof assemble");
        Assert.True(Under(assemble, job), "the assembly is not under its job");
        // Delivered at a later settle, yet in the block's trace, after the receipt verified.
        var deliver = One("zkgraph deliver");
        Assert.Equal(graph.Id, deliver.GetTagItem("wsc.zkgraph.id"));
        Assert.True(deliver.StartTimeUtc >= assemble.StartTimeUtc + assemble.Duration, "the output was delivered before its receipt verified");
    }

    private static async Task<long> ActiveSilosAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = 3", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
