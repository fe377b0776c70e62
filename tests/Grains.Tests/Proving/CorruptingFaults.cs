using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Proving;

namespace Wsc.Grains.Tests.Proving;

/// <summary>Corrupts the first attempt at the armed (job, segment): flips a byte of its proof.</summary>
public sealed class CorruptingFaults : IProverFaults
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), bool> _armed = new();

    public int Corrupted;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), string> _refused = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _started = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _ended = new();

    public void Arm(string job, int index) => _armed[(job, index)] = true;

    /// <summary>Segment `index` of `job` fails permanently with `reason` as it starts (the AIR refusing it, a trap in it).</summary>
    public void ArmRefusal(string job, int index, string reason) => _refused[(job, index)] = reason;

    /// <summary>Segments of `job` that started proving, on any silo.</summary>
    public int Started(string job) => _started.GetValueOrDefault(job);

    /// <summary>Segments of `job` that ended (proven or refused).</summary>
    public int Ended(string job) => _ended.GetValueOrDefault(job);

    public string? Refuse(SegmentTask task)
    {
        _started.AddOrUpdate(task.JobId, 1, (_, n) => n + 1);
        if (_refused.TryRemove((task.JobId, task.Index), out var reason))
        {
            _ended.AddOrUpdate(task.JobId, 1, (_, n) => n + 1);
            return reason;
        }
        return null;
    }

    public byte[] Apply(SegmentTask task, byte[] segment)
    {
        _ended.AddOrUpdate(task.JobId, 1, (_, n) => n + 1);
        if (!_armed.TryRemove((task.JobId, task.Index), out _))
        {
            return segment;
        }
        Interlocked.Increment(ref Corrupted);
        var bad = (byte[])segment.Clone();
        bad[^40] ^= 0x01; // inside the STARK proof (the last field of the encoding)
        return bad;
    }
}
