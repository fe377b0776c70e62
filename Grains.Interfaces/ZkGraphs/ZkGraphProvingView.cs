using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Interfaces.ZkGraphs;

/// <summary>
/// A graph's proof jobs as `wsc zkgraph show` and `GET /api/zkgraphs/{id}` print them: how many of its latest
/// <see cref="Jobs"/> jobs are in each state, and why the queued ones wait (the back-pressure of
/// `Proving:MaxQueuedJobs`: the reason of the queued job nearest admission), null when none waits.
/// </summary>
public sealed record ZkGraphProvingView(int Jobs, int Queued, int Proving, int Verified, int Failed, string? Waiting)
{
    /// <summary>The summary of <paramref name="jobs"/> (one graph's, newest first, as the proof catalog lists them).</summary>
    public static ZkGraphProvingView From(IReadOnlyList<ProofJobView> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        int Count(ProofJobState s) => jobs.Count(j => j.State == s);
        // Newest first: the last queued job listed is the oldest, the nearest to a slot.
        var waiting = jobs.LastOrDefault(j => j.State == ProofJobState.Queued && j.Reason is not null)?.Reason;
        return new(jobs.Count, Count(ProofJobState.Queued), Count(ProofJobState.Proving) + Count(ProofJobState.Assembling),
            Count(ProofJobState.Verified), Count(ProofJobState.Failed), waiting);
    }

    /// <summary>One line for the text form of `wsc zkgraph show`.</summary>
    public override string ToString() =>
        $"proofs (latest {Jobs}): {Verified} verified, {Proving} proving, {Queued} queued, {Failed} failed{(Waiting is null ? "" : $"; {Waiting}")}";
}
