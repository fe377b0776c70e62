using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>
/// The rules of one proof job, free of Orleans: the plan (one segment per 2^SegmentLog2 cycles), admission, which
/// segments to hand out, what a proof, a rejected proof or a prover failure does, when to assemble, and how a job
/// resumes after its silo died. Every transition takes `now`, so tests run in milliseconds. Results for a segment in
/// another state than the one they answer (late or duplicate) are ignored: delivery is at least once.
/// </summary>
public sealed class ProofJob
{
    private readonly ProofSegmentView[] _segments;

    private ProofJob(ProofJobView view, int maxAttempts)
    {
        View = view;
        _segments = [.. view.Segments];
        MaxAttempts = maxAttempts;
    }

    /// <summary>Rejected proofs of one segment after which the job fails.</summary>
    public int MaxAttempts { get; }

    /// <summary>
    /// Attempts after which a segment whose prover keeps getting lost fails the job: many more than
    /// <see cref="MaxAttempts"/>, because a dead silo answers "unavailable" at once until the cluster declares it dead
    /// (seconds), and each of those answers is an attempt.
    /// </summary>
    public int MaxLostAttempts => 20 * MaxAttempts;

    /// <summary>
    /// How long a segment lost `attempts` times waits before it is handed out again: 1 s doubling to 30 s. A prover
    /// key still placed on a silo that died answers "unavailable" at once until the cluster declares the silo dead
    /// (seconds, longer on a loaded machine); retried every poll, a kill would burn <see cref="MaxLostAttempts"/> in
    /// that window and fail a job that only lost a silo. With the backoff the limit stands for about half an hour of
    /// losses (a segment that keeps killing its prover's silo still fails its job).
    /// </summary>
    public static TimeSpan LostBackoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Clamp(attempts - 1, 0, 5)));

    private ProofJobView View { get; set; }

    public string Id => View.Id;

    public ProofJobState State => View.State;

    public string? Reason => View.Reason;

    public IReadOnlyList<ProofSegmentView> Segments => _segments;

    /// <summary>True once the job is verified or failed: nothing changes it any more.</summary>
    public bool Finished => State is ProofJobState.Verified or ProofJobState.Failed;

    /// <summary>The job as stored and shown.</summary>
    public ProofJobView Snapshot() => View with { Segments = [.. _segments] };

    /// <summary>Plans a job for a run of `cycles` cycles: ceil(cycles / 2^segmentLog2) pending segments, queued.</summary>
    public static ProofJob Plan(string id, string? graphId, ulong? block, string? blockHash, string imageId, long cycles, int segmentLog2, int maxAttempts, DateTime now)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfLessThan(cycles, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentLog2, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        long size = 1L << segmentLog2;
        var count = (int)((cycles + size - 1) / size);
        var segments = Enumerable.Range(0, count).Select(i => new ProofSegmentView(i, ProofSegmentState.Pending, null, null, 0, 0, null, null, null, null)).ToArray();
        return new ProofJob(new ProofJobView(id, graphId, block, blockHash, imageId, cycles, segmentLog2, ProofJobState.Queued, null, 0, now, null, null, segments), maxAttempts);
    }

    /// <summary>A job that could not even be planned (the run traps, the program does not load): failed from the start.</summary>
    public static ProofJob Unplannable(string id, string? graphId, ulong? block, string? blockHash, string imageId, string reason, DateTime now) =>
        new(new ProofJobView(id, graphId, block, blockHash, imageId, 0, 0, ProofJobState.Failed, reason, 0, now, null, now, []), 1);

    /// <summary>
    /// The job as stored, ready to go on after its silo died: segments handed out or proven but not verified lost their
    /// prover's answer with the silo (or their proof was never stored) and are pending again; a verified segment whose
    /// proof is not among `storedProofs` is pending again too. A finished job comes back as it was.
    /// </summary>
    public static ProofJob Resume(ProofJobView stored, IReadOnlySet<int> storedProofs, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(storedProofs);
        var job = new ProofJob(stored, maxAttempts);
        if (job.Finished)
        {
            return job;
        }
        for (var i = 0; i < job._segments.Length; i++)
        {
            var s = job._segments[i];
            if (s.State is ProofSegmentState.Proving or ProofSegmentState.Proven || (s.State == ProofSegmentState.Verified && !storedProofs.Contains(i)))
            {
                // Pending and not lost: handed out again at once (no backoff, see Dispatch).
                job._segments[i] = s with { State = ProofSegmentState.Pending, FinishedUtc = null };
            }
        }
        if (job.State == ProofJobState.Assembling && job._segments.Any(s => s.State != ProofSegmentState.Verified))
        {
            job.View = job.View with { State = ProofJobState.Proving };
        }
        return job;
    }

    /// <summary>Queued: waits for `reason`. Proving already: nothing (a job keeps its slot while proving).</summary>
    public void Wait(string reason)
    {
        if (State == ProofJobState.Queued)
        {
            View = View with { Reason = reason };
        }
    }

    /// <summary>Queued to proving (admitted by the queue).</summary>
    public void Admit(DateTime now)
    {
        if (State == ProofJobState.Queued)
        {
            View = View with { State = ProofJobState.Proving, Reason = null, StartedUtc = View.StartedUtc ?? now };
        }
    }

    /// <summary>
    /// Hands out pending segments so that at most `maxInFlight` are with provers; each gets its prover key from
    /// `proverFor(index)` and one more attempt. A segment lost by its prover (it failed at FinishedUtc) waits
    /// <see cref="LostBackoff"/> first. Returns the segments handed out, in order.
    /// </summary>
    public IReadOnlyList<int> Dispatch(int maxInFlight, Func<int, string> proverFor, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(proverFor);
        if (State != ProofJobState.Proving)
        {
            return [];
        }
        var free = maxInFlight - _segments.Count(s => s.State == ProofSegmentState.Proving);
        var handed = new List<int>();
        for (var i = 0; i < _segments.Length && handed.Count < free; i++)
        {
            if (_segments[i].State == ProofSegmentState.Pending && !BackingOff(_segments[i], now))
            {
                _segments[i] = _segments[i] with
                {
                    State = ProofSegmentState.Proving, Prover = proverFor(i), Silo = null, Attempts = _segments[i].Attempts + 1,
                    StartedUtc = now, FinishedUtc = null, ProveMs = null,
                };
                handed.Add(i);
            }
        }
        return handed;
    }

    /// <summary>A prover answered with a proof of segment `index`, proven on `silo` in `proveMs`. False when the answer is stale.</summary>
    public bool Proven(int index, string silo, double proveMs, DateTime now)
    {
        if (!Is(index, ProofSegmentState.Proving))
        {
            return false;
        }
        _segments[index] = _segments[index] with { State = ProofSegmentState.Proven, Silo = silo, ProveMs = proveMs, FinishedUtc = now };
        return true;
    }

    /// <summary>The proof of segment `index` verified (and is stored). False when stale.</summary>
    public bool Verified(int index, DateTime now)
    {
        if (!Is(index, ProofSegmentState.Proven))
        {
            return false;
        }
        _segments[index] = _segments[index] with { State = ProofSegmentState.Verified, LastError = null };
        if (_segments.All(s => s.State == ProofSegmentState.Verified))
        {
            View = View with { State = ProofJobState.Assembling };
        }
        return true;
    }

    /// <summary>
    /// The proof of segment `index` did not verify: the segment is proven again (on whichever prover its next attempt
    /// picks), and counted; rejected <see cref="MaxAttempts"/> times, the job fails. False when stale.
    /// </summary>
    public bool Rejected(int index, string reason, DateTime now)
    {
        if (!Is(index, ProofSegmentState.Proven))
        {
            return false;
        }
        var s = _segments[index];
        // FinishedUtc cleared: a rejected proof came back, nothing was lost, so no backoff.
        _segments[index] = s with { State = ProofSegmentState.Pending, Rejections = s.Rejections + 1, LastError = reason, FinishedUtc = null };
        View = View with { Rejections = View.Rejections + 1 };
        if (s.Rejections + 1 >= MaxAttempts)
        {
            Fail($"segment {index} was rejected {s.Rejections + 1} times: {reason}", now);
        }
        return true;
    }

    /// <summary>
    /// A prover could not prove segment `index`. `permanent` (the run or the AIR says no: the same everywhere) fails the
    /// job with the reason; otherwise (a silo died, a timeout) the segment is tried again after <see cref="LostBackoff"/>,
    /// up to <see cref="MaxLostAttempts"/>. `attempt` (the segment's Attempts when it was handed out), when given, must
    /// be the current one: the failure of an attempt that timed out and was handed out again is stale. False when stale.
    /// </summary>
    public bool ProveFailed(int index, string reason, bool permanent, DateTime now, int? attempt = null)
    {
        if (!Is(index, ProofSegmentState.Proving) || (attempt is { } a && _segments[index].Attempts != a))
        {
            return false;
        }
        if (permanent)
        {
            _segments[index] = _segments[index] with { State = ProofSegmentState.Pending, LastError = reason, FinishedUtc = now };
            Fail($"segment {index}: {reason}", now);
        }
        else
        {
            Lose(index, reason, now);
        }
        return true;
    }

    /// <summary>
    /// The proof of segment `index` was taken but its check or its store write threw (not a verdict on the proof): the
    /// segment is lost, pending again after <see cref="LostBackoff"/>, not rejected. Left proven, nothing would ever
    /// hand it out again while this activation lives. False when stale.
    /// </summary>
    public bool CheckFailed(int index, string reason, DateTime now)
    {
        if (!Is(index, ProofSegmentState.Proven))
        {
            return false;
        }
        Lose(index, reason, now);
        return true;
    }

    /// <summary>
    /// Segments handed out longer than `segmentTimeout` ago are taken as lost (their prover's answer may never come: a
    /// message lost in a roll or a crash, and the call's own timeout is an hour) and pending again, as
    /// <see cref="ProveFailed"/> with a transient failure; so are segments proven longer than that ago and still not
    /// verified (their check never ended). A late answer of such an attempt is still taken if the segment is proving
    /// again (a proof verifies or not whichever attempt made it). Returns the segments that timed out.
    /// </summary>
    public IReadOnlyList<int> Expire(TimeSpan segmentTimeout, DateTime now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(segmentTimeout, TimeSpan.Zero);
        var expired = new List<int>();
        for (var i = 0; i < _segments.Length && !Finished; i++)
        {
            var s = _segments[i];
            if (s.State == ProofSegmentState.Proving && s.StartedUtc is { } started && now - started >= segmentTimeout)
            {
                Lose(i, $"{s.Prover}: no answer within {segmentTimeout} (Proving:SegmentTimeout)", now);
                expired.Add(i);
            }
            else if (s.State == ProofSegmentState.Proven && s.FinishedUtc is { } proven && now - proven >= segmentTimeout)
            {
                Lose(i, $"proven on {s.Silo} but not verified within {segmentTimeout} (Proving:SegmentTimeout)", now);
                expired.Add(i);
            }
        }
        return expired;
    }

    /// <summary>Assembling to verified: the receipt verified and is stored.</summary>
    public void Complete(DateTime now)
    {
        if (State != ProofJobState.Assembling)
        {
            throw new InvalidOperationException($"job {Id} is {State}, not assembling: it has no receipt to complete");
        }
        View = View with { State = ProofJobState.Verified, Reason = null, FinishedUtc = now };
    }

    /// <summary>Fails the job with a one-line reason (a finished job stays as it is).</summary>
    public void Fail(string reason, DateTime now)
    {
        if (!Finished)
        {
            View = View with { State = ProofJobState.Failed, Reason = reason.ReplaceLineEndings(" "), FinishedUtc = now };
        }
    }

    // Pending again after LostBackoff; MaxLostAttempts lost attempts fail the job.
    private void Lose(int index, string reason, DateTime now)
    {
        var s = _segments[index];
        _segments[index] = s with { State = ProofSegmentState.Pending, LastError = reason, FinishedUtc = now };
        if (s.Attempts >= MaxLostAttempts)
        {
            Fail($"segment {index} was lost on all {s.Attempts} attempts: {reason}", now);
        }
    }

    // A pending segment with FinishedUtc set was lost at that time (Dispatch, Rejected and Resume clear it).
    private static bool BackingOff(ProofSegmentView s, DateTime now) =>
        s.FinishedUtc is { } lostAt && s.Attempts > 0 && now < lostAt + LostBackoff(s.Attempts);

    private bool Is(int index, ProofSegmentState state) =>
        !Finished && index >= 0 && index < _segments.Length && _segments[index].State == state;
}
