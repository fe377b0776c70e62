using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Proving;

namespace Wsc.Grains.Tests.Proving;

/// <summary>The rules of one proof job: plan, hand out, prove, verify, re-prove, assemble, fail, resume.</summary>
public sealed class ProofJobTests
{
    private static readonly DateTime T0 = new(2026, 12, 7, 3, 0, 0, DateTimeKind.Utc);

    private static ProofJob Planned(long cycles = 4000, int log2 = 10, int attempts = 3)
    {
        var job = ProofJob.Plan("job-1", "g", 7, "0xab", "0x01", cycles, log2, attempts, T0);
        job.Admit(T0);
        return job;
    }

    private static string Key(int i) => $"prover/{i}";

    [Fact]
    public void A_run_is_planned_as_one_segment_per_segment_size_rounded_up_and_starts_queued()
    {
        var job = ProofJob.Plan("j", null, null, null, "0x01", 4097, 10, 3, T0);
        Assert.Equal(ProofJobState.Queued, job.State);
        Assert.Equal(5, job.Segments.Count);
        Assert.All(job.Segments, s => Assert.Equal(ProofSegmentState.Pending, s.State));
        Assert.Single(ProofJob.Plan("j", null, null, null, "0x01", 1024, 10, 3, T0).Segments);
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofJob.Plan("j", null, null, null, "0x01", 0, 10, 3, T0));
    }

    [Fact]
    public void A_queued_job_hands_out_nothing_and_shows_why_it_waits_until_admitted()
    {
        var job = ProofJob.Plan("j", null, null, null, "0x01", 4000, 10, 3, T0);
        job.Wait("waiting: 2 jobs proving");
        Assert.Empty(job.Dispatch(8, Key, T0));
        Assert.Equal("waiting: 2 jobs proving", job.Snapshot().Reason);
        job.Admit(T0.AddSeconds(1));
        Assert.Equal(ProofJobState.Proving, job.State);
        Assert.Null(job.Reason);
        Assert.Equal(T0.AddSeconds(1), job.Snapshot().StartedUtc);
    }

    [Fact]
    public void Segments_are_handed_out_up_to_the_in_flight_bound_proven_verified_and_then_the_job_assembles()
    {
        var job = Planned();
        Assert.Equal([0, 1], job.Dispatch(2, Key, T0));
        Assert.Empty(job.Dispatch(2, Key, T0));
        Assert.True(job.Proven(0, "silo-a", 12.5, T0));
        Assert.Equal([2], job.Dispatch(2, Key, T0));
        Assert.True(job.Verified(0, T0));
        Assert.True(job.Proven(1, "silo-b", 10, T0));
        Assert.True(job.Verified(1, T0));
        Assert.Equal([3], job.Dispatch(2, Key, T0));
        Assert.True(job.Proven(2, "silo-a", 10, T0) && job.Verified(2, T0));
        Assert.Equal(ProofJobState.Proving, job.State);
        Assert.True(job.Proven(3, "silo-b", 10, T0) && job.Verified(3, T0));
        Assert.Equal(ProofJobState.Assembling, job.State);
        job.Complete(T0.AddSeconds(5));
        var view = job.Snapshot();
        Assert.Equal(ProofJobState.Verified, view.State);
        Assert.Equal(4, view.SegmentsDone);
        Assert.Equal(["silo-a", "silo-b", "silo-a", "silo-b"], view.Segments.Select(s => s.Silo));
        Assert.Equal(["prover/0", "prover/1", "prover/2", "prover/3"], view.Segments.Select(s => s.Prover));
        Assert.Equal("verified", view.StateText);
    }

    [Fact]
    public void A_rejected_proof_is_proven_again_and_counted_and_out_of_attempts_the_job_fails()
    {
        var job = Planned(cycles: 1024, attempts: 2);
        job.Dispatch(4, Key, T0);
        job.Proven(0, "silo-a", 1, T0);
        Assert.True(job.Rejected(0, "segment 0: FRI query 3 does not open", T0));
        Assert.Equal(ProofSegmentState.Pending, job.Segments[0].State);
        Assert.Equal(1, job.Segments[0].Rejections);
        Assert.Equal(1, job.Snapshot().Rejections);
        Assert.Equal([0], job.Dispatch(4, Key, T0));
        Assert.Equal(2, job.Segments[0].Attempts);
        job.Proven(0, "silo-b", 1, T0);
        job.Rejected(0, "segment 0: bad again", T0);
        Assert.Equal(ProofJobState.Failed, job.State);
        Assert.Equal("failed: segment 0 was rejected 2 times: segment 0: bad again", job.Snapshot().StateText);
        Assert.Empty(job.Dispatch(4, Key, T0));
    }

    [Fact]
    public void A_permanent_prover_failure_fails_the_job_with_its_reason_and_a_transient_one_is_retried()
    {
        var job = Planned(cycles: 2048);
        job.Dispatch(4, Key, T0);
        Assert.True(job.ProveFailed(1, "silo died", permanent: false, T0));
        Assert.Equal(ProofSegmentState.Pending, job.Segments[1].State);
        Assert.Equal(ProofJobState.Proving, job.State);
        Assert.Equal([1], job.Dispatch(4, Key, T0.AddSeconds(1)));
        Assert.True(job.ProveFailed(1, "the segment calls keccak256, which the AIR cannot prove yet", permanent: true, T0));
        var lost = Planned(cycles: 1024, attempts: 1);
        var now = T0;
        for (var i = 0; i < lost.MaxLostAttempts; i++)
        {
            Assert.Equal(ProofJobState.Proving, lost.State);
            Assert.Equal([0], lost.Dispatch(1, Key, now));
            lost.ProveFailed(0, "prover/0: SiloUnavailableException", permanent: false, now);
            now += ProofJob.LostBackoff(lost.Segments[0].Attempts);
        }
        Assert.Equal("failed: segment 0 was lost on all 20 attempts: prover/0: SiloUnavailableException", lost.Snapshot().StateText);
        Assert.Equal("failed: segment 1: the segment calls keccak256, which the AIR cannot prove yet", job.Snapshot().StateText);
        Assert.NotNull(job.Snapshot().FinishedUtc);
    }

    [Fact]
    public void A_lost_segment_waits_a_growing_backoff_so_a_dead_silo_answering_at_once_does_not_fail_the_job()
    {
        // A silo killed and not yet declared dead answers "unavailable" at once: with a poll of 250 ms, 20 s of that
        // used to burn all 60 lost attempts (MaxAttempts 3) and fail a job that had only lost a silo.
        var job = Planned(cycles: 1024);
        var now = T0;
        var handed = 0;
        for (; now < T0.AddSeconds(20); now = now.AddMilliseconds(250))
        {
            if (job.Dispatch(1, Key, now).Count == 1)
            {
                handed++;
                job.ProveFailed(0, "prover/0: SiloUnavailableException", permanent: false, now);
            }
        }
        Assert.Equal(ProofJobState.Proving, job.State);
        Assert.Equal(5, handed); // at 0, 1, 3, 7 and 15 s
        Assert.Equal(TimeSpan.FromSeconds(2), ProofJob.LostBackoff(2));
        Assert.Equal(TimeSpan.FromSeconds(16), ProofJob.LostBackoff(5));
        Assert.Equal(TimeSpan.FromSeconds(30), ProofJob.LostBackoff(59));
        var lostAt = job.Segments[0].FinishedUtc!.Value;
        Assert.Empty(job.Dispatch(1, Key, lostAt + ProofJob.LostBackoff(5) - TimeSpan.FromMilliseconds(1)));
        Assert.Equal([0], job.Dispatch(1, Key, lostAt + ProofJob.LostBackoff(5)));
    }

    [Fact]
    public void A_segment_handed_out_past_its_timeout_is_lost_and_handed_out_again()
    {
        var job = Planned(cycles: 2048);
        var timeout = TimeSpan.FromSeconds(60);
        job.Dispatch(2, Key, T0);
        job.Proven(1, "a", 1, T0.AddSeconds(5));
        Assert.Empty(job.Expire(timeout, T0.AddSeconds(59)));
        Assert.Equal([0], job.Expire(timeout, T0.AddSeconds(60))); // segment 1 answered: not expired
        Assert.Equal(ProofSegmentState.Pending, job.Segments[0].State);
        Assert.Equal("prover/0: no answer within 00:01:00 (Proving:SegmentTimeout)", job.Segments[0].LastError);
        Assert.Equal(ProofSegmentState.Proven, job.Segments[1].State);
        Assert.Equal([0], job.Dispatch(2, Key, T0.AddSeconds(61)));
        Assert.Equal(2, job.Segments[0].Attempts);
        Assert.Throws<ArgumentOutOfRangeException>(() => job.Expire(TimeSpan.Zero, T0));
    }

    [Fact]
    public void A_proof_whose_check_failed_or_never_ended_is_lost_not_rejected_and_proven_again()
    {
        var job = Planned(cycles: 2048);
        job.Dispatch(2, Key, T0);
        job.Proven(0, "a", 1, T0.AddSeconds(1));
        job.Proven(1, "b", 1, T0.AddSeconds(1));
        Assert.True(job.CheckFailed(0, "check or store failed: NpgsqlException: connection refused", T0.AddSeconds(2)));
        Assert.False(job.CheckFailed(0, "again", T0.AddSeconds(2))); // stale: pending now
        Assert.Equal(ProofSegmentState.Pending, job.Segments[0].State);
        Assert.Equal(0, job.Segments[0].Rejections);
        Assert.Empty(job.Expire(TimeSpan.FromSeconds(60), T0.AddSeconds(60)));
        Assert.Equal([1], job.Expire(TimeSpan.FromSeconds(60), T0.AddSeconds(61)));
        Assert.Equal("proven on b but not verified within 00:01:00 (Proving:SegmentTimeout)", job.Segments[1].LastError);
        Assert.Equal([0, 1], job.Dispatch(2, Key, T0.AddSeconds(62)));
        Assert.Equal(0, job.Snapshot().Rejections);
    }

    [Fact]
    public void The_failure_of_a_timed_out_attempt_is_stale_and_its_late_proof_is_still_taken()
    {
        var job = Planned(cycles: 1024);
        job.Dispatch(1, Key, T0);
        job.Expire(TimeSpan.FromSeconds(60), T0.AddSeconds(60));
        job.Dispatch(1, Key, T0.AddSeconds(61)); // attempt 2
        Assert.False(job.ProveFailed(0, "prover/0: attempt 1 lost", permanent: false, T0.AddSeconds(62), attempt: 1));
        Assert.Equal(ProofSegmentState.Proving, job.Segments[0].State);
        Assert.True(job.Proven(0, "a", 1, T0.AddSeconds(63))); // attempt 1's proof: verified like any other
        Assert.False(job.ProveFailed(0, "prover/0: attempt 2 lost", permanent: false, T0.AddSeconds(64), attempt: 2));
    }

    [Fact]
    public void A_resumed_or_rejected_segment_is_handed_out_again_at_once()
    {
        var job = Planned(cycles: 2048);
        job.Dispatch(2, Key, T0);
        job.ProveFailed(0, "prover/0: SiloUnavailableException", permanent: false, T0);
        job.Proven(1, "a", 1, T0);
        Assert.True(job.Rejected(1, "bad", T0));
        Assert.Equal([1], job.Dispatch(2, Key, T0)); // segment 0 backs off
        var resumed = ProofJob.Resume(job.Snapshot(), new HashSet<int>(), 3);
        Assert.Equal([1], resumed.Dispatch(2, Key, T0)); // the job's silo died: segment 1 lost nothing by its prover
        Assert.Equal([0], resumed.Dispatch(2, Key, T0.AddSeconds(1)));
    }

    [Fact]
    public void Late_and_duplicate_answers_change_nothing()
    {
        var job = Planned(cycles: 2048);
        job.Dispatch(1, Key, T0);
        Assert.False(job.Proven(1, "silo-a", 1, T0)); // not handed out
        Assert.True(job.Proven(0, "silo-a", 1, T0));
        Assert.False(job.Proven(0, "silo-b", 1, T0)); // duplicate
        Assert.False(job.Rejected(1, "x", T0));
        Assert.True(job.Verified(0, T0));
        Assert.False(job.Verified(0, T0));
        Assert.False(job.ProveFailed(0, "late", false, T0));
        Assert.Equal("silo-a", job.Segments[0].Silo);
        Assert.Throws<InvalidOperationException>(() => job.Complete(T0));
    }

    [Fact]
    public void A_resumed_job_proves_again_what_was_in_flight_or_unstored_and_keeps_stored_verified_segments()
    {
        var job = Planned(cycles: 4096);
        job.Dispatch(4, Key, T0);
        job.Proven(0, "a", 1, T0);
        job.Verified(0, T0);
        job.Proven(1, "a", 1, T0);
        job.Verified(1, T0);
        job.Proven(2, "b", 1, T0);
        var resumed = ProofJob.Resume(job.Snapshot(), new HashSet<int> { 0 }, 3);
        Assert.Equal([ProofSegmentState.Verified, ProofSegmentState.Pending, ProofSegmentState.Pending, ProofSegmentState.Pending], resumed.Segments.Select(s => s.State));
        Assert.Equal(ProofJobState.Proving, resumed.State);
        Assert.Equal([1, 2, 3], resumed.Dispatch(8, Key, T0));
        Assert.Equal(2, resumed.Segments[1].Attempts);
    }

    [Fact]
    public void An_assembling_job_resumes_assembling_when_every_proof_is_stored()
    {
        var job = Planned(cycles: 1024);
        job.Dispatch(1, Key, T0);
        job.Proven(0, "a", 1, T0);
        job.Verified(0, T0);
        Assert.Equal(ProofJobState.Assembling, ProofJob.Resume(job.Snapshot(), new HashSet<int> { 0 }, 3).State);
        Assert.Equal(ProofJobState.Proving, ProofJob.Resume(job.Snapshot(), new HashSet<int>(), 3).State);
    }

    [Fact]
    public void A_job_that_cannot_be_planned_is_failed_with_its_reason()
    {
        var job = ProofJob.Unplannable("j", "g", 3, "0x", "0x01", "the run trapped after 12 cycles: illegal instruction", T0);
        Assert.True(job.Finished);
        Assert.Equal("failed: the run trapped after 12 cycles: illegal instruction", job.Snapshot().StateText);
    }
}
