namespace Wsc.Grains.Proving;

/// <summary>
/// Admission of proof jobs: at most `maxAdmitted` jobs prove at once; the others wait in arrival order. Jobs heartbeat
/// by asking again; an admitted job silent for `expiry` (its silo died and it was not resumed) loses its slot, so a
/// lost job cannot block the queue for ever.
/// </summary>
public sealed class ProofQueue(int maxAdmitted, TimeSpan expiry)
{
    private readonly Dictionary<string, DateTime> _admitted = [];
    private readonly List<string> _waiting = [];
    private readonly Dictionary<string, DateTime> _waitingSeen = [];

    public int MaxAdmitted { get; } = maxAdmitted > 0 ? maxAdmitted : throw new ArgumentOutOfRangeException(nameof(maxAdmitted));

    public IReadOnlyList<string> Admitted => [.. _admitted.Keys.Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Waiting => _waiting;

    /// <summary>Null when `job` may prove (it holds or gets a slot), else why it waits, in one line.</summary>
    public string? Admit(string job, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(job);
        Expire(now);
        if (_admitted.ContainsKey(job))
        {
            _admitted[job] = now;
            return null;
        }
        var at = _waiting.IndexOf(job);
        // A slot goes to the first waiting job: a job asking out of turn keeps its place.
        if (_admitted.Count < MaxAdmitted && (at == 0 || (at < 0 && _waiting.Count == 0)))
        {
            if (at == 0)
            {
                _waiting.RemoveAt(0);
                _waitingSeen.Remove(job);
            }
            _admitted[job] = now;
            return null;
        }
        if (at < 0)
        {
            _waiting.Add(job);
            at = _waiting.Count - 1;
        }
        _waitingSeen[job] = now;
        return $"waiting: {_admitted.Count} jobs proving (Proving:MaxQueuedJobs = {MaxAdmitted}), {at} ahead in the queue";
    }

    /// <summary>The job is done with its slot (finished, failed) or no longer waits.</summary>
    public void Release(string job)
    {
        _admitted.Remove(job);
        if (_waiting.Remove(job))
        {
            _waitingSeen.Remove(job);
        }
    }

    private void Expire(DateTime now)
    {
        foreach (var (job, seen) in _admitted.ToArray())
        {
            if (now - seen > expiry)
            {
                _admitted.Remove(job);
            }
        }
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            if (now - _waitingSeen[_waiting[i]] > expiry)
            {
                _waitingSeen.Remove(_waiting[i]);
                _waiting.RemoveAt(i);
            }
        }
    }
}
