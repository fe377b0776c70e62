using Wsc.Grains.Interfaces.Proving;
using Wsc.Grains.Proving;

namespace Wsc.Grains.Tests.Proving;

/// <summary>Corrupts the first attempt at the armed (job, segment): flips a byte of its proof.</summary>
public sealed class CorruptingFaults : IProverFaults
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), bool> _armed = new();

    public int Corrupted;

    public void Arm(string job, int index) => _armed[(job, index)] = true;

    public byte[] Apply(SegmentTask task, byte[] segment)
    {
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
