using Wsc.Grains.Proving;

namespace Wsc.Grains.Tests.Proving;

/// <summary>Back-pressure: at most Proving:MaxQueuedJobs jobs prove, the rest wait in order with a visible reason.</summary>
public sealed class ProofQueueTests
{
    private static readonly DateTime T0 = new(2026, 12, 7, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Jobs_beyond_the_bound_wait_in_arrival_order_and_get_the_slot_a_finished_job_frees()
    {
        var q = new ProofQueue(2, TimeSpan.FromMinutes(1));
        Assert.Null(q.Admit("a", T0));
        Assert.Null(q.Admit("b", T0));
        Assert.Equal("waiting: 2 jobs proving (Proving:MaxQueuedJobs = 2), 0 ahead in the queue", q.Admit("c", T0));
        Assert.Equal("waiting: 2 jobs proving (Proving:MaxQueuedJobs = 2), 1 ahead in the queue", q.Admit("d", T0));
        Assert.Null(q.Admit("a", T0)); // heartbeat of an admitted job
        q.Release("a");
        Assert.NotNull(q.Admit("d", T0)); // out of turn: c is first
        Assert.Null(q.Admit("c", T0));
        Assert.Equal(["b", "c"], q.Admitted);
        Assert.Equal(["d"], q.Waiting);
        q.Release("b");
        Assert.NotNull(q.Admit("e", T0)); // a newcomer does not jump the queue
        Assert.Null(q.Admit("d", T0));
        Assert.Equal(["e"], q.Waiting);
    }

    [Fact]
    public void A_silent_admitted_job_loses_its_slot_after_the_expiry()
    {
        var q = new ProofQueue(1, TimeSpan.FromSeconds(30));
        Assert.Null(q.Admit("a", T0));
        Assert.NotNull(q.Admit("b", T0.AddSeconds(10)));
        Assert.Null(q.Admit("b", T0.AddSeconds(31)));
        Assert.Equal(["b"], q.Admitted);
    }

    [Fact]
    public void Prover_keys_are_stable_below_the_width_and_consecutive_for_consecutive_segments()
    {
        var first = ProverKeys.Number(ProverKeys.For("job-x", 0, 16))!.Value;
        Assert.InRange(first, 0, 15);
        Assert.Equal($"prover/{(first + 1) % 16}", ProverKeys.For("job-x", 1, 16));
        Assert.Equal(ProverKeys.For("job-x", 5, 16), ProverKeys.For("job-x", 5, 16));
        Assert.Null(ProverKeys.Number("other/1"));
    }
}
