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
/// (the SDK pipeline the OTLP exporter sits on) receives a root "tick" span per live block, and in the same trace
/// Orleans' spans of the tick's grain calls: the block-tick grain and the graph runs.
/// </summary>
public sealed class TickTraceTests
{
    [Fact]
    public async Task Each_live_tick_is_one_trace_holding_its_grain_calls_and_graph_runs()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TickTracing.SourceName, "Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime")
            .AddInMemoryExporter(spans)
            .Build();
        await using var silo = await InProcessSilo.StartDevelopmentAsync(("Devnet:ZkGraphs", "true"), ("Devnet:BlockTime", "0.5"));
        var registry = silo.Grains.GetGrain<IZkGraphRegistryGrain>("eth-31337");
        await InProcessSilo.WaitUntilAsync(async () => (await registry.ListAsync()).Count == DevnetZkGraphs.Examples.Count, 180, "the examples to be deployed");
        List<Activity> Snapshot()
        {
            lock (spans)
            {
                tracing.ForceFlush();
                return [.. spans];
            }
        }
        // A tick that ran graphs, whose trace is complete (its root ended).
        await InProcessSilo.WaitUntilAsync(() => Task.FromResult(Snapshot().Any(s => s.Source.Name == TickTracing.SourceName
            && s.GetTagItem("wsc.tick.zkgraph_runs") is int runs && runs > 0)), 120, "a traced tick with graph runs");

        var all = Snapshot();
        var ticks = all.Where(s => s.Source.Name == TickTracing.SourceName).ToList();
        // One trace per tick: every tick root starts its own trace, with no parent.
        Assert.All(ticks, t => Assert.Equal(default, t.ParentSpanId));
        Assert.Equal(ticks.Count, ticks.Select(t => t.TraceId).Distinct().Count());
        // A failed attempt is marked as such (the follower sends the block again under a new span); each block's
        // successful tick is one span.
        var succeeded = ticks.Where(t => t.Status != ActivityStatusCode.Error).ToList();
        Assert.Equal(succeeded.Count, succeeded.Select(t => (long)t.GetTagItem("wsc.tick.number")!).Distinct().Count());

        var tick = ticks.First(t => t.GetTagItem("wsc.tick.zkgraph_runs") is int runs && runs > 0);
        var inTrace = all.Where(s => s.TraceId == tick.TraceId && s != tick).ToList();
        Assert.Contains(inTrace, s => s.DisplayName.Contains("IBlockTickGrain", StringComparison.Ordinal) && s.ParentSpanId == tick.SpanId);
        Assert.Contains(inTrace, s => s.DisplayName.Contains("IZkGraphGrain", StringComparison.Ordinal) && s.DisplayName.Contains("Run", StringComparison.Ordinal));
        Assert.All(inTrace, s => Assert.True(s.StartTimeUtc >= tick.StartTimeUtc, $"{s.DisplayName} started before its tick"));
    }
}
