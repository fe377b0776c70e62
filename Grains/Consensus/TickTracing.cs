using System.Diagnostics;

namespace Wsc.Grains.Consensus;

/// <summary>
/// One trace per live tick: a root span around the tick's grain call, so that everything the tick does (its
/// verification, storage audit, zkGraph runs and their destinations, as Orleans' own spans of those grain calls)
/// lands in one trace. The silo exports the source with Orleans' (SiloHost: "Wsc.*").
/// The trace id is derived from the block hash (<see cref="BlockContext"/>), so work done later for the same block,
/// outside the tick's calls (a proof job resumed after its silo died, an output's destinations fired at a later
/// settle), joins the tick's trace without anything stored.
/// </summary>
public static class TickTracing
{
    public const string SourceName = "Wsc.Ticks";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The context a block's trace hangs from: trace id the hash's first 16 bytes, span id its next 8. No span has that
    /// id (a backend shows the tick span as the top of the trace, under a parent it never received); default when
    /// <paramref name="hash"/> is not a 32-byte hex hash.
    /// </summary>
    public static ActivityContext BlockContext(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var hex = hash.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hash[2..] : hash;
        if (hex.Length != 64)
        {
            return default;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return default;
        }
        var trace = ActivityTraceId.CreateFromBytes(bytes.AsSpan(0, 16));
        var span = ActivitySpanId.CreateFromBytes(bytes.AsSpan(16, 8));
        // An all-zero id is invalid in W3C trace context; such a hash gets no shared trace.
        return trace == default || span == default ? default : new ActivityContext(trace, span, ActivityTraceFlags.Recorded, isRemote: true);
    }

    /// <summary>
    /// Starts a span of block <paramref name="hash"/>'s trace outside the tick's own calls, or null when nobody listens.
    /// It becomes current, and ending it leaves no span current: the caller restores its own.
    /// </summary>
    public static Activity? StartForBlock(string name, string hash) => Source.StartActivity(name, ActivityKind.Internal, BlockContext(hash));

    /// <summary>
    /// Starts the top span of tick <paramref name="number"/> in its block's trace (<see cref="BlockContext"/>), detached
    /// from whatever span is current (the follower's loop runs inside a grain call), or null when nobody listens.
    /// Dispose it to end the tick's span.
    /// </summary>
    public static Activity? StartTick(string chain, ulong number, string hash, bool final)
    {
        var current = Activity.Current;
        Activity.Current = null;
        try
        {
            var span = Source.StartActivity("tick", ActivityKind.Internal, BlockContext(hash));
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
