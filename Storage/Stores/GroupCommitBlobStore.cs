namespace Wsc.Storage.Stores;

/// <summary>
/// Group commit for a blob store: puts that arrive while earlier ones are still being written are merged into one
/// write (one PostgreSQL transaction) of whole caller batches, so many small puts (one 128 KiB file = R single-replica
/// batches on R shards) cost a few transactions instead of one each. Reads go straight to the inner store.
/// </summary>
/// <remarks>
/// A caller's batch is never split: it commits with the others in its group or not at all, as with the inner store.
/// When a merged write fails, each batch of the group is written again alone, so a failure is reported to the caller
/// whose replicas caused it and the others still succeed. Batches holding the same replica key are not merged (one
/// statement cannot update a row twice). A put returns when its group has committed; cancellation is honoured only
/// before the batch is queued. At most <c>maxWriters</c> writes run at once; an idle store adds no delay, as the first
/// put starts a write at once.
/// </remarks>
public sealed class GroupCommitBlobStore : IBlobStore
{
    private readonly IBlobStore _inner;
    private readonly int _maxWriters;
    private readonly int _maxReplicasPerWrite;
    private readonly object _gate = new();
    private readonly Queue<Pending> _queue = new();
    private int _writers;

    /// <summary>Merges puts to <paramref name="inner"/>: up to <paramref name="maxWriters"/> writes at once, each of up to <paramref name="maxReplicasPerWrite"/> replicas (a larger batch goes alone).</summary>
    public GroupCommitBlobStore(IBlobStore inner, int maxWriters = 8, int maxReplicasPerWrite = 8)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (maxWriters < 1 || maxReplicasPerWrite < 1)
        {
            throw new ArgumentException($"group commit with {maxWriters} writers of {maxReplicasPerWrite} replicas: expected at least 1 of each");
        }
        _inner = inner;
        _maxWriters = maxWriters;
        _maxReplicasPerWrite = maxReplicasPerWrite;
    }

    /// <summary>The store that does the writing and reading.</summary>
    public IBlobStore Inner => _inner;

    public Task PutAsync(IReadOnlyList<StoredReplica> replicas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        if (replicas.Count == 0)
        {
            return Task.CompletedTask;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(replicas, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_gate)
        {
            _queue.Enqueue(pending);
            start = _writers < _maxWriters;
            if (start)
            {
                _writers++;
            }
        }
        if (start)
        {
            _ = Task.Run(WriteLoopAsync, CancellationToken.None);
        }
        return pending.Done.Task;
    }

    public Task<byte[]?> GetAsync(BlobKey key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

    public Task<StoredRead> ReadAsync(BlobKey key, Memory<byte> destination, Memory<byte> tag, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(key, destination, tag, cancellationToken);

    public Task<byte[]?> GetRangeAsync(BlobKey key, int offset, int count, CancellationToken cancellationToken = default) =>
        _inner.GetRangeAsync(key, offset, count, cancellationToken);

    public Task<bool> RetagAsync(BlobKey key, ReadOnlyMemory<byte> tag, CancellationToken cancellationToken = default) =>
        _inner.RetagAsync(key, tag, cancellationToken);

    public Task<IReadOnlyList<IndexEntry>> IndexAsync(int shard, CancellationToken cancellationToken = default) => _inner.IndexAsync(shard, cancellationToken);

    public Task<bool> RemoveAsync(BlobKey key, CancellationToken cancellationToken = default) => _inner.RemoveAsync(key, cancellationToken);

    public Task<int?[]> ConfirmAsync(IReadOnlyList<BlobKey> keys, CancellationToken cancellationToken = default) =>
        _inner.ConfirmAsync(keys, cancellationToken);

    public Task<IReadOnlyList<BlobKey>> StoredBeforeAsync(int shard, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        _inner.StoredBeforeAsync(shard, cutoff, cancellationToken);

    public Task<int> RemoveStoredBeforeAsync(IReadOnlyList<BlobKey> keys, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        _inner.RemoveStoredBeforeAsync(keys, cutoff, cancellationToken);

    private async Task WriteLoopAsync()
    {
        while (TakeGroup() is { } group)
        {
            try
            {
                await WriteAsync(group);
            }
            catch (Exception e)
            {
                // Only what the write paths do not hand to their callers (out of memory) lands here: fail this group's
                // callers and go on, so no caller waits forever and the writer slot is not lost.
                foreach (var p in group)
                {
                    p.Done.TrySetException(e);
                }
            }
        }
    }

    // The next group: whole batches in arrival order while they fit and share no key; null (and one writer fewer) when
    // the queue is empty.
    private List<Pending>? TakeGroup()
    {
        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                _writers--;
                return null;
            }
            var first = _queue.Dequeue();
            var group = new List<Pending> { first };
            var count = first.Replicas.Count;
            var keys = new HashSet<BlobKey>(first.Replicas.Select(r => r.Key));
            while (_queue.Count > 0 && count + _queue.Peek().Replicas.Count <= _maxReplicasPerWrite
                && !_queue.Peek().Replicas.Any(r => keys.Contains(r.Key)))
            {
                var next = _queue.Dequeue();
                group.Add(next);
                count += next.Replicas.Count;
                keys.UnionWith(next.Replicas.Select(r => r.Key));
            }
            return group;
        }
    }

    private async Task WriteAsync(List<Pending> group)
    {
        if (group.Count == 1)
        {
            await WriteAloneAsync(group[0]);
            return;
        }
        try
        {
            await _inner.PutAsync(group.SelectMany(p => p.Replicas).ToList());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The merged write rolled back as a whole: retry each batch alone so only its own failure reaches a caller.
            foreach (var p in group)
            {
                await WriteAloneAsync(p);
            }
            return;
        }
        foreach (var p in group)
        {
            p.Done.TrySetResult();
        }
    }

    private async Task WriteAloneAsync(Pending p)
    {
        try
        {
            await _inner.PutAsync(p.Replicas);
            p.Done.TrySetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Handed to the caller awaiting this batch, as the inner store would have thrown it.
            p.Done.TrySetException(e);
        }
    }

    private sealed record Pending(IReadOnlyList<StoredReplica> Replicas, TaskCompletionSource Done);
}
