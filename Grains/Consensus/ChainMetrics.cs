using System.Diagnostics.Metrics;

namespace Wsc.Grains.Consensus;

/// <summary>The consensus layer's meter `Wsc.Chain`: ticks, their latency, reorgs, refused data.</summary>
public sealed class ChainMetrics : IDisposable
{
    /// <summary>The meter name to enable in OpenTelemetry.</summary>
    public const string MeterName = "Wsc.Chain";

    private readonly Meter _meter;

    public ChainMetrics(IMeterFactory factory)
    {
        _meter = factory.Create(MeterName);
        Ticks = _meter.CreateCounter<long>("wsc.ticks", description: "Blocks ticked");
        TickLatency = _meter.CreateHistogram<double>("wsc.tick.latency", unit: "ms", description: "Header seen to tick recorded");
        Reorgs = _meter.CreateCounter<long>("wsc.reorgs", description: "Reorgs handled");
        FollowErrors = _meter.CreateCounter<long>("wsc.follow.errors", description: "Follower steps that did not advance (bad data, node down)");
    }

    public Counter<long> Ticks { get; }

    public Histogram<double> TickLatency { get; }

    public Counter<long> Reorgs { get; }

    public Counter<long> FollowErrors { get; }

    public void Dispose() => _meter.Dispose();
}
