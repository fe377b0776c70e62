using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.ZkGraphs;
using Wsc.Integration.Tests.Harness;
using Wsc.Silo.Devnet;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// One trace per tick: on a development silo running the example zkGraphs, the OpenTelemetry in-memory exporter
/// (the SDK pipeline the OTLP exporter sits on) receives a top "tick" span per live block, and in the same trace
/// Orleans' spans of the tick's grain calls: the block-tick grain and the graph runs.
/// </summary>
public sealed class TickTraceTests
{
    [Fact]
    public async Task Each_live_tick_is_one_trace_holding_its_grain_calls_and_graph_runs()
    {
        var spans = new SpanRecorder();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TickTracing.SourceName, "Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime")
            .AddProcessor(new SimpleActivityExportProcessor(spans))
            .Build();
        await using var silo = await InProcessSilo.StartDevelopmentAsync(("Devnet:ZkGraphs", "true"), ("Devnet:BlockTime", "0.5"));
        var registry = silo.Grains.GetGrain<IZkGraphRegistryGrain>("eth-31337");
        await InProcessSilo.WaitUntilAsync(async () => (await registry.ListAsync()).Count == DevnetZkGraphs.Examples.Count, 180, "the examples to be deployed");
        List<Activity> Snapshot()
        {
            tracing.ForceFlush();
            return spans.Snapshot();
        }
        // A tick that ran graphs, whose trace is complete (its root ended).
        await InProcessSilo.WaitUntilAsync(() => Task.FromResult(Snapshot().Any(s => s.Source.Name == TickTracing.SourceName
            && s.GetTagItem("wsc.tick.zkgraph_runs") is int runs && runs > 0)), 120, "a traced tick with graph runs");

        var all = Snapshot();
        // This silo's ticks only: the sources are process-wide, so silos of tests running alongside are recorded too
        // (their chains have blocks of the same numbers, other hashes).
        var head = (await silo.Chain.GetStatusAsync()).Head!.Number;
        var own = (await silo.Chain.GetTicksAsync(0, head)).Select(t => t.Hash).ToHashSet(StringComparer.Ordinal);
        var ticks = all.Where(s => s.Source.Name == TickTracing.SourceName && s.DisplayName == "tick"
            && own.Contains((string)s.GetTagItem("wsc.tick.hash")!)).ToList();
        Assert.NotEmpty(ticks);
        // One trace per block: every tick span is the top of its block's trace (derived from the block hash, so later
        // work for the block joins it), under no span of ours.
        Assert.All(ticks, t =>
        {
            var block = TickTracing.BlockContext((string)t.GetTagItem("wsc.tick.hash")!);
            Assert.Equal(block.TraceId, t.TraceId);
            Assert.Equal(block.SpanId, t.ParentSpanId);
            Assert.DoesNotContain(all, s => s.SpanId == t.ParentSpanId);
        });
        Assert.Equal(ticks.Select(t => t.GetTagItem("wsc.tick.hash")).Distinct().Count(), ticks.Select(t => t.TraceId).Distinct().Count());
        // A failed attempt is marked as such (the follower sends the block again under a new span); each block's
        // successful tick is one span.
        var succeeded = ticks.Where(t => t.Status != ActivityStatusCode.Error).ToList();
        var twice = succeeded.GroupBy(t => (long)t.GetTagItem("wsc.tick.number")!).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: " + string.Join(" | ", g.Select(t => $"{t.GetTagItem("wsc.tick.hash")} final={t.GetTagItem("wsc.tick.final")} at {t.StartTimeUtc:HH:mm:ss.fff} for {t.Duration.TotalMilliseconds:0} ms")));
        Assert.Empty(twice);

        var tick = ticks.First(t => t.GetTagItem("wsc.tick.zkgraph_runs") is int runs && runs > 0);
        var inTrace = all.Where(s => s.TraceId == tick.TraceId && s != tick).ToList();
        Assert.Contains(inTrace, s => s.DisplayName.Contains("IBlockTickGrain", StringComparison.Ordinal) && s.ParentSpanId == tick.SpanId);
        Assert.Contains(inTrace, s => s.DisplayName.Contains("IZkGraphGrain", StringComparison.Ordinal) && s.DisplayName.Contains("Run", StringComparison.Ordinal));
        Assert.All(inTrace, s => Assert.True(s.StartTimeUtc >= tick.StartTimeUtc, $"{s.DisplayName} started before its tick"));
    }
}
