using System.Diagnostics;

namespace Wsc.Grains.Consensus;

/// <summary>
/// One trace per live tick: a root span around the tick's grain call, so that everything the tick does (its
/// verification, storage audit, zkGraph runs and their destinations, as Orleans' own spans of those grain calls)
/// lands in one trace. The silo exports the source with Orleans' (SiloHost: "Wsc.*").
/// </summary>
public static class TickTracing
{
    public const string SourceName = "Wsc.Ticks";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the root span of tick <paramref name="number"/>, detached from whatever span is current (the follower's
    /// loop runs inside a grain call), or null when nobody listens. Dispose it to end the tick's trace.
    /// </summary>
    public static Activity? StartTick(string chain, ulong number, string hash, bool final)
    {
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            var span = Source.StartActivity("tick", ActivityKind.Internal);
            span?.SetTag("wsc.chain", chain);
            span?.SetTag("wsc.tick.number", (long)number);
            span?.SetTag("wsc.tick.hash", hash);
            span?.SetTag("wsc.tick.final", final);
            return span;
        }
        finally
        {
            // Activity.Current is async-local: the caller's flow keeps its span; only the tick's own work sees the new one.
            Activity.Current = current;
        }
    }
}
