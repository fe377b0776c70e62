using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.Tests.Proving;

/// <summary>`wsc zkgraph show`'s summary of a graph's proof jobs: counts by state and why the queued ones wait.</summary>
public sealed class ZkGraphProvingViewTests
{
    private static ProofJobView Job(int n, ProofJobState state, string? reason = null) =>
        new($"0xg@{n}", "0xg", (ulong)n, null, "0xi", 100, 12, state, reason, 0, DateTime.UnixEpoch.AddSeconds(n), null, null, []);

    [Fact]
    public void Counts_jobs_by_state_and_names_the_wait_of_the_queued_job_nearest_a_slot()
    {
        // Newest first, as the catalog lists them.
        var view = ZkGraphProvingView.From([
            Job(6, ProofJobState.Queued, "waiting: 1 jobs proving (Proving:MaxQueuedJobs = 1), 1 ahead in the queue"),
            Job(5, ProofJobState.Queued, "waiting: 1 jobs proving (Proving:MaxQueuedJobs = 1), 0 ahead in the queue"),
            Job(4, ProofJobState.Assembling), Job(3, ProofJobState.Proving), Job(2, ProofJobState.Failed, "failed: trap"), Job(1, ProofJobState.Verified),
        ]);
        Assert.Equal(new ZkGraphProvingView(6, 2, 2, 1, 1, "waiting: 1 jobs proving (Proving:MaxQueuedJobs = 1), 0 ahead in the queue"), view);
        Assert.Equal("proofs (latest 6): 1 verified, 2 proving, 2 queued, 1 failed; waiting: 1 jobs proving (Proving:MaxQueuedJobs = 1), 0 ahead in the queue",
            view.ToString());
    }

    [Fact]
    public void Nothing_waits_when_no_queued_job_has_a_reason()
    {
        Assert.Equal(new ZkGraphProvingView(0, 0, 0, 0, 0, null), ZkGraphProvingView.From([]));
        Assert.Null(ZkGraphProvingView.From([Job(2, ProofJobState.Queued), Job(1, ProofJobState.Verified)]).Waiting);
        Assert.Equal("proofs (latest 1): 1 verified, 0 proving, 0 queued, 0 failed", ZkGraphProvingView.From([Job(1, ProofJobState.Verified)]).ToString());
    }
}
