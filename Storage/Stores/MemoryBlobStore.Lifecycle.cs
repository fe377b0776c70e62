using System.Collections.Concurrent;

namespace Wsc.Storage.Stores;

/// <summary>Replica ages for garbage collection (confirm, list old, remove old), kept apart from the data path.</summary>
public sealed partial class MemoryBlobStore
{
    private readonly ConcurrentDictionary<BlobKey, DateTimeOffset> _storedAt = new();

    // Confirm and remove-if-old must not interleave (PostgreSQL gets this from row locks).
    private readonly Lock _lifecycle = new();

    public Task<int?[]> ConfirmAsync(IReadOnlyList<BlobKey> keys, CancellationToken cancellationToken = default)
    {
        var lengths = new int?[keys.Count];
        lock (_lifecycle)
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < keys.Count; i++)
            {
                if (_index.TryGetValue(keys[i], out var e) && _data.TryGetValue(keys[i], out var d) && d.Length == e.Length)
                {
                    lengths[i] = e.Length;
                    _storedAt[keys[i]] = now;
                }
            }
        }
        return Task.FromResult(lengths);
    }

    public Task<IReadOnlyList<BlobKey>> StoredBeforeAsync(int shard, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<BlobKey> old = _index.Keys.Where(k => k.Shard == shard && _storedAt.TryGetValue(k, out var at) && at < cutoff).ToList();
        return Task.FromResult(old);
    }

    public Task<int> RemoveStoredBeforeAsync(IReadOnlyList<BlobKey> keys, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        lock (_lifecycle)
        {
            foreach (var key in keys)
            {
                if (_storedAt.TryGetValue(key, out var at) && at < cutoff && _index.TryRemove(key, out _))
                {
                    _data.TryRemove(key, out _);
                    _storedAt.TryRemove(key, out _);
                    removed++;
                }
            }
        }
        return Task.FromResult(removed);
    }

    /// <summary>Test hook: makes a replica look stored <paramref name="age"/> earlier than it was.</summary>
    public bool Backdate(BlobKey key, TimeSpan age)
    {
        lock (_lifecycle)
        {
            if (!_storedAt.TryGetValue(key, out var at))
            {
                return false;
            }
            _storedAt[key] = at - age;
            return true;
        }
    }
}
