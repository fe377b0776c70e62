using System.Collections.Concurrent;
using System.Diagnostics;
using Wsc.Grains.Interfaces.Consensus;
using Wsc.Integration.Tests.Harness;
using Wsc.Integration.Tests.Storage;

namespace Wsc.Integration.Tests.Operations;

/// <summary>
/// Orleans' activity propagation is on in the silo: a grain call made inside a trace produces Orleans spans in that
/// same trace (what the OTLP exporter ships when OTEL_EXPORTER_OTLP_ENDPOINT is set).
/// </summary>
public sealed class TracingTests(StorageSiloFixture silo) : IClassFixture<StorageSiloFixture>
{
    private static readonly ActivitySource Test = new("Wsc.Tests.Tracing");

    [Fact]
    public async Task A_grain_call_inside_a_trace_is_recorded_in_that_trace()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Wsc.Tests.Tracing" or "Microsoft.Orleans.Application" or "Microsoft.Orleans.Runtime",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await InProcessSilo.WaitUntilAsync(async () => (await silo.Client.GetGrain<IChainGrain>("eth-31337").GetStatusAsync()).Head is not null,
            60, "the first tick");

        ActivityTraceId trace;
        using (var root = Test.StartActivity("status read"))
        {
            Assert.NotNull(root);
            trace = root.TraceId;
            await silo.Client.GetGrain<IChainGrain>("eth-31337").GetStatusAsync();
        }

        var orleans = spans.Where(s => s.TraceId == trace && s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(orleans);
        Assert.Contains(orleans, s => s.DisplayName.Contains("ChainGrain", StringComparison.Ordinal) || s.DisplayName.Contains("GetStatus", StringComparison.Ordinal));
    }
}
