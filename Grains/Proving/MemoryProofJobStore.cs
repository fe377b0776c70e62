using Wsc.Grains.Interfaces.Proving;

namespace Wsc.Grains.Proving;

/// <summary>Proof jobs in memory (development: nothing survives the process; tests share one across silos).</summary>
public sealed class MemoryProofJobStore : IProofJobStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ProofJobView> _jobs = [];
    private readonly Dictionary<string, (byte[] Program, byte[] Input)> _inputs = [];
    private readonly Dictionary<(string, int), byte[]> _segments = [];
    private readonly Dictionary<string, byte[]> _receipts = [];

    public Task<bool> CreateAsync(ProofJobView job, byte[] program, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            if (!_jobs.TryAdd(job.Id, job))
            {
                return Task.FromResult(false);
            }
            _inputs[job.Id] = (program, input);
            return Task.FromResult(true);
        }
    }

    public Task SaveAsync(ProofJobView job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            if (!_jobs.TryGetValue(job.Id, out var stored))
            {
                throw new InvalidOperationException($"proof job {job.Id} is not stored");
            }
            if (stored.State != ProofJobState.Verified && (stored.State != ProofJobState.Failed || job.State == ProofJobState.Verified))
            {
                _jobs[job.Id] = job;
            }
        }
        return Task.CompletedTask;
    }

    public Task<ProofJobView?> GetAsync(string id)
    {
        lock (_lock)
        {
            return Task.FromResult(_jobs.GetValueOrDefault(id));
        }
    }

    public Task<(byte[] Program, byte[] Input)?> InputsAsync(string id)
    {
        lock (_lock)
        {
            return Task.FromResult(_inputs.TryGetValue(id, out var x) ? x : ((byte[], byte[])?)null);
        }
    }

    public Task<IReadOnlyList<ProofJobView>> ListAsync(string? graphId, int limit)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ProofJobView>>([.. _jobs.Values.Where(j => graphId is null || j.GraphId == graphId)
                .OrderByDescending(j => j.CreatedUtc).ThenBy(j => j.Id, StringComparer.Ordinal).Take(limit)]);
        }
    }

    public Task<IReadOnlyDictionary<string, ProofJobState>> StatesAsync(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, ProofJobState>>(ids.Distinct().Where(_jobs.ContainsKey).ToDictionary(i => i, i => _jobs[i].State));
        }
    }

    public Task SaveSegmentAsync(string id, int index, byte[] segment)
    {
        lock (_lock)
        {
            _segments[(id, index)] = segment;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<int, byte[]>> SegmentsAsync(string id)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<int, byte[]>>(_segments.Where(kv => kv.Key.Item1 == id).ToDictionary(kv => kv.Key.Item2, kv => kv.Value));
        }
    }

    public Task SaveReceiptAsync(string id, byte[] receipt)
    {
        lock (_lock)
        {
            _receipts[id] = receipt;
        }
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReceiptAsync(string id)
    {
        lock (_lock)
        {
            return Task.FromResult(_receipts.GetValueOrDefault(id));
        }
    }

    /// <summary>Replaces a stored segment proof's bytes behind the job's back (fault injection in tests).</summary>
    public bool Tamper(string id, int index, Func<byte[], byte[]> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            if (!_segments.TryGetValue((id, index), out var bytes))
            {
                return false;
            }
            _segments[(id, index)] = change(bytes);
            return true;
        }
    }
}
