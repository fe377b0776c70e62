using System.Diagnostics;
using Wsc.Grains.Consensus;
using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>
/// Spans of proof jobs, in the trace of the tick whose output they prove: a "proof job" span from the job's start to
/// its end (under the graph run's call that started it, or, for a job resumed on another activation, under its block's
/// context, <see cref="TickTracing.BlockContext"/>), a "proof segment" span per hand-out whose prover call carries the
/// trace to the prover's silo, where "segment prove" times the proving itself. The silo exports "Wsc.*".
/// </summary>
public static class ProvingTracing
{
    public const string SourceName = "Wsc.Proving";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the span of job <paramref name="job"/> (null when nobody listens) without making it current: the job
    /// outlives the call that starts it, and its segments name it as their parent explicitly. Under the current span
    /// when there is one (a graph run starting the job), else under the job's block, else as a root.
    /// </summary>
    public static Activity? StartJob(ProofJobView job, bool resumed)
    {
        ArgumentNullException.ThrowIfNull(job);
        var current = Activity.Current;
        var parent = !resumed && current is not null ? current.Context
            : job.BlockHash is { } hash ? TickTracing.BlockContext(hash) : default;
        Activity.Current = null;
        try
        {
            var span = Source.StartActivity("proof job", ActivityKind.Internal, parent);
            span?.SetTag("wsc.proof.job", job.Id);
            span?.SetTag("wsc.proof.segments", job.Segments.Count);
            span?.SetTag("wsc.proof.resumed", resumed);
            if (job.GraphId is { } graph)
            {
                span?.SetTag("wsc.zkgraph.id", graph);
            }
            if (job.Block is { } block)
            {
                span?.SetTag("wsc.tick.number", (long)block);
            }
            return span;
        }
        finally
        {
            Activity.Current = current;
        }
    }

    /// <summary>Starts (and makes current, for the prover call inside it) the span of one segment's hand-out.</summary>
    public static Activity? StartSegment(Activity? job, string jobId, int index, string prover, int attempt)
    {
        var span = Source.StartActivity("proof segment", ActivityKind.Internal, job?.Context ?? default);
        span?.SetTag("wsc.proof.job", jobId);
        span?.SetTag("wsc.proof.segment", index);
        span?.SetTag("wsc.proof.prover", prover);
        span?.SetTag("wsc.proof.attempt", attempt);
        return span;
    }

    /// <summary>Starts a child span of the job (its receipt's assembly).</summary>
    public static Activity? StartChild(Activity? job, string name, string jobId)
    {
        var span = Source.StartActivity(name, ActivityKind.Internal, job?.Context ?? default);
        span?.SetTag("wsc.proof.job", jobId);
        return span;
    }
}
