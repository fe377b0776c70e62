using Wsc.Storage.Stores;

namespace Wsc.Storage.Tests.Stores;

/// <summary>Group commit over memory (the contract) and over PostgreSQL (merged batches, failure attribution).</summary>
public sealed class GroupCommitBlobStoreTests(PostgresFixture db) : BlobStoreContract, IClassFixture<PostgresFixture>
{
    private readonly MemoryBlobStore _memory = new();
    private GroupCommitBlobStore? _store;

    protected override IBlobStore Store => _store ??= new GroupCommitBlobStore(_memory);

    protected override Task LoseBytesAsync(BlobKey key)
    {
        Assert.True(_memory.LoseBytes(key));
        return Task.CompletedTask;
    }

    protected override Task BackdateAsync(BlobKey key, TimeSpan age)
    {
        Assert.True(_memory.Backdate(key, age));
        return Task.CompletedTask;
    }

    private static StoredReplica Replica(int shard, int i, int length = 1000)
    {
        var root = new byte[32];
        root[0] = (byte)i;
        root[1] = (byte)(i >> 8);
        var data = new byte[length];
        new Random(i).NextBytes(data);
        return new StoredReplica(BlobKey.Of(shard, root, 0), length, data);
    }

    [Fact]
    public async Task Puts_arriving_during_a_write_share_later_writes_and_all_land()
    {
        var inner = new GatedStore(new PostgresBlobStore(db.DataSource));
        var store = new GroupCommitBlobStore(inner, maxWriters: 1, maxReplicasPerWrite: 8);
        var shard = Random.Shared.Next(1000, 100000);
        var replicas = Enumerable.Range(0, 17).Select(i => Replica(shard, i)).ToArray();
        // The first write is held open while 16 more single-replica puts queue up behind it.
        var first = store.PutAsync([replicas[0]]);
        await inner.Entered.Task;
        var rest = replicas.Skip(1).Select(r => store.PutAsync([r])).ToArray();
        Assert.False(first.IsCompleted);
        inner.Release.SetResult();
        await Task.WhenAll(rest.Append(first));
        // 1 held write, then two groups of 8.
        Assert.Equal([1, 8, 8], inner.Sizes);
        foreach (var r in replicas)
        {
            Assert.Equal(r.Masked.ToArray(), await store.GetAsync(r.Key));
        }
        Assert.Equal(17, (await store.IndexAsync(shard)).Count);
    }

    [Fact]
    public async Task A_failing_batch_fails_only_its_caller_and_same_key_batches_are_not_merged()
    {
        var inner = new GatedStore(new PostgresBlobStore(db.DataSource));
        var store = new GroupCommitBlobStore(inner, maxWriters: 1, maxReplicasPerWrite: 8);
        var shard = Random.Shared.Next(1000, 100000);
        var hold = store.PutAsync([Replica(shard, 100)]);
        await inner.Entered.Task;
        var good1 = Replica(shard, 1);
        var good2 = Replica(shard, 2);
        // The index's CHECK refuses this length, so the merged transaction fails as a whole.
        var bad = new StoredReplica(BlobKey.Of(shard, new byte[32], 3), 200000, new byte[64]);
        var sameKey = good1 with { Masked = new byte[1000] };
        var t1 = store.PutAsync([good1]);
        var tBad = store.PutAsync([bad]);
        var t2 = store.PutAsync([good2]);
        var tSame = store.PutAsync([sameKey]);
        inner.Release.SetResult();
        await hold;
        await t1;
        await t2;
        await tSame;
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => tBad);
        // Held write; the merged group of three (fails); each of the three alone; then the same-key batch on its own.
        Assert.Equal([1, 3, 1, 1, 1, 1], inner.Sizes);
        Assert.Equal(new byte[1000], await store.GetAsync(good1.Key));
        Assert.Equal(good2.Masked.ToArray(), await store.GetAsync(good2.Key));
        Assert.Null(await store.GetAsync(bad.Key));
    }

    [Fact]
    public void Bad_limits_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new GroupCommitBlobStore(new MemoryBlobStore(), 0, 8));
        Assert.Throws<ArgumentException>(() => new GroupCommitBlobStore(new MemoryBlobStore(), 4, 0));
    }

    // Records each write's size and holds the first one open until released.
    private sealed class GatedStore(IBlobStore inner) : IBlobStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<int> Sizes { get; } = [];

        public async Task PutAsync(IReadOnlyList<StoredReplica> replicas, CancellationToken cancellationToken = default)
        {
            bool firstCall;
            lock (Sizes)
            {
                firstCall = Sizes.Count == 0;
                Sizes.Add(replicas.Count);
            }
            if (firstCall)
            {
                Entered.SetResult();
                await Release.Task;
            }
            await inner.PutAsync(replicas, cancellationToken);
        }

        public Task<byte[]?> GetAsync(BlobKey key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

        public Task<StoredRead> ReadAsync(BlobKey key, Memory<byte> destination, Memory<byte> tag, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(key, destination, tag, cancellationToken);

        public Task<bool> RetagAsync(BlobKey key, ReadOnlyMemory<byte> tag, CancellationToken cancellationToken = default) =>
            inner.RetagAsync(key, tag, cancellationToken);

        public Task<byte[]?> GetRangeAsync(BlobKey key, int offset, int count, CancellationToken cancellationToken = default) =>
            inner.GetRangeAsync(key, offset, count, cancellationToken);

        public Task<IReadOnlyList<IndexEntry>> IndexAsync(int shard, CancellationToken cancellationToken = default) => inner.IndexAsync(shard, cancellationToken);

        public Task<bool> RemoveAsync(BlobKey key, CancellationToken cancellationToken = default) => inner.RemoveAsync(key, cancellationToken);

        public Task<int?[]> ConfirmAsync(IReadOnlyList<BlobKey> keys, CancellationToken cancellationToken = default) => inner.ConfirmAsync(keys, cancellationToken);

        public Task<IReadOnlyList<BlobKey>> StoredBeforeAsync(int shard, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
            inner.StoredBeforeAsync(shard, cutoff, cancellationToken);

        public Task<int> RemoveStoredBeforeAsync(IReadOnlyList<BlobKey> keys, DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
            inner.RemoveStoredBeforeAsync(keys, cutoff, cancellationToken);
    }
}
