using System.Collections.Concurrent;

namespace Wsc.Storage.Stores;

/// <summary>The development blob store: index and bytes in process memory, lost on restart.</summary>
public sealed partial class MemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<BlobKey, IndexEntry> _index = new();
    private readonly ConcurrentDictionary<BlobKey, byte[]> _data = new();
    private readonly ConcurrentDictionary<BlobKey, byte[]> _tags = new();

    public Task PutAsync(IReadOnlyList<StoredReplica> replicas, CancellationToken cancellationToken = default)
    {
        foreach (var r in replicas)
        {
            _data[r.Key] = r.Masked.ToArray();
            if (r.Tag.IsEmpty)
            {
                _tags.TryRemove(r.Key, out _);
            }
            else
            {
                _tags[r.Key] = r.Tag.ToArray();
            }
            _index[r.Key] = new IndexEntry(r.Key.Root, r.Key.Replica, r.Length);
            // As the PostgreSQL index row's stored_at: set when the row is new, kept when it is rewritten.
            _storedAt.TryAdd(r.Key, DateTimeOffset.UtcNow);
        }
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_data.TryGetValue(key, out var d) ? (byte[]?)d.ToArray() : null);

    public Task<StoredRead> ReadAsync(BlobKey key, Memory<byte> destination, Memory<byte> tag, CancellationToken cancellationToken = default)
    {
        if (!_data.TryGetValue(key, out var d))
        {
            return Task.FromResult(StoredRead.Missing);
        }
        if (d.Length <= destination.Length)
        {
            d.CopyTo(destination);
        }
        var tagged = _tags.TryGetValue(key, out var t) && t.Length == tag.Length;
        if (tagged)
        {
            t!.CopyTo(tag);
        }
        return Task.FromResult(new StoredRead(true, d.Length, tagged));
    }

    public Task<bool> RetagAsync(BlobKey key, ReadOnlyMemory<byte> tag, CancellationToken cancellationToken = default)
    {
        if (tag.IsEmpty || !_data.ContainsKey(key))
        {
            return Task.FromResult(false);
        }
        _tags[key] = tag.ToArray();
        return Task.FromResult(true);
    }

    public Task<byte[]?> GetRangeAsync(BlobKey key, int offset, int count, CancellationToken cancellationToken = default)
    {
        if (!_data.TryGetValue(key, out var d))
        {
            return Task.FromResult<byte[]?>(null);
        }
        var start = Math.Clamp(offset, 0, d.Length);
        var end = Math.Clamp(offset + count, start, d.Length);
        return Task.FromResult<byte[]?>(d[start..end]);
    }

    public Task<IReadOnlyList<IndexEntry>> IndexAsync(int shard, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<IndexEntry> list = _index.Where(kv => kv.Key.Shard == shard).Select(kv => kv.Value)
            .Order(IndexOrder.Instance).ToList();
        return Task.FromResult(list);
    }

    public Task<bool> RemoveAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        var had = _index.TryRemove(key, out _);
        _storedAt.TryRemove(key, out _);
        had |= _data.TryRemove(key, out _);
        _tags.TryRemove(key, out _);
        return Task.FromResult(had);
    }

    /// <summary>Fault injection: loses a replica's bytes but keeps its index entry, as a wiped disk would.</summary>
    public bool LoseBytes(BlobKey key) => _data.TryRemove(key, out _);

    /// <summary>Fault injection: overwrites a replica's stored bytes and tag, as someone with database access could.</summary>
    public void Overwrite(BlobKey key, byte[] masked, byte[]? tag)
    {
        _data[key] = masked.ToArray();
        if (tag is null)
        {
            _tags.TryRemove(key, out _);
        }
        else
        {
            _tags[key] = tag.ToArray();
        }
    }
}
