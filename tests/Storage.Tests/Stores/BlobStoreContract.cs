using Wsc.Storage.Stores;

namespace Wsc.Storage.Tests.Stores;

/// <summary>The behaviour every blob store must have; run against memory and PostgreSQL.</summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore Store { get; }

    /// <summary>Deletes a replica's bytes behind the store's back, leaving the index entry.</summary>
    protected abstract Task LoseBytesAsync(BlobKey key);

    private static byte[] Root(int i)
    {
        var r = new byte[32];
        r[0] = (byte)i;
        r[31] = 0xAB;
        return r;
    }

    private static byte[] Data(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task Put_then_get_round_trips_bytes_and_ranges()
    {
        var shard = Random.Shared.Next(1000, 100000);
        var key = BlobKey.Of(shard, Root(1), 0);
        var data = Data(131072, 1);
        await Store.PutAsync([new StoredReplica(key, data.Length, data)]);
        var back = await Store.GetAsync(key);
        Assert.Equal(data, back);
        var range = await Store.GetRangeAsync(key, 4096, 32);
        Assert.Equal(data[4096..4128], range);
        Assert.Null(await Store.GetAsync(BlobKey.Of(shard, Root(1), 1)));
    }

    [Fact]
    public async Task Empty_blob_and_rewrite_are_fine()
    {
        var shard = Random.Shared.Next(1000, 100000);
        var key = BlobKey.Of(shard, Root(2), 1);
        await Store.PutAsync([new StoredReplica(key, 0, Array.Empty<byte>())]);
        var empty = await Store.GetAsync(key);
        Assert.NotNull(empty);
        Assert.Empty(empty);
        await Store.PutAsync([new StoredReplica(key, 0, Array.Empty<byte>())]);
        Assert.Single(await Store.IndexAsync(shard));
    }

    [Fact]
    public async Task Index_is_ordered_by_root_then_replica_per_shard()
    {
        var shard = Random.Shared.Next(1000, 100000);
        var batch = new List<StoredReplica>();
        foreach (var (i, r) in new[] { (9, 1), (3, 0), (9, 0), (200, 1) })
        {
            batch.Add(new StoredReplica(BlobKey.Of(shard, Root(i), r), 64, Data(64, i)));
        }
        batch.Add(new StoredReplica(BlobKey.Of(shard + 1, Root(1), 0), 64, Data(64, 1)));
        await Store.PutAsync(batch);
        var index = await Store.IndexAsync(shard);
        Assert.Equal([(3, 0), (9, 0), (9, 1), (200, 1)], index.Select(e => ((int)e.Root[0], e.Replica)).ToList());
        Assert.All(index, e => Assert.Equal(64, e.Length));
    }

    [Fact]
    public async Task Lost_bytes_keep_the_index_entry_and_remove_drops_both()
    {
        var shard = Random.Shared.Next(1000, 100000);
        var key = BlobKey.Of(shard, Root(4), 0);
        await Store.PutAsync([new StoredReplica(key, 10, Data(10, 4))]);
        await LoseBytesAsync(key);
        Assert.Null(await Store.GetAsync(key));
        Assert.Null(await Store.GetRangeAsync(key, 0, 10));
        Assert.Single(await Store.IndexAsync(shard));
        Assert.True(await Store.RemoveAsync(key));
        Assert.Empty(await Store.IndexAsync(shard));
        Assert.False(await Store.RemoveAsync(key));
    }

    [Fact]
    public async Task Read_into_memory_returns_bytes_length_and_tag()
    {
        var shard = Random.Shared.Next(1000, 100000);
        var tagged = BlobKey.Of(shard, Root(5), 0);
        var untagged = BlobKey.Of(shard, Root(5), 1);
        var data = Data(131072, 5);
        var tag = Data(16, 6);
        await Store.PutAsync([new StoredReplica(tagged, data.Length, data, tag), new StoredReplica(untagged, 100, data.AsMemory(0, 100))]);

        var buffer = new byte[131072];
        var tagBack = new byte[16];
        var read = await Store.ReadAsync(tagged, buffer, tagBack);
        Assert.Equal(new StoredRead(true, 131072, true), read);
        Assert.Equal(data, buffer);
        Assert.Equal(tag, tagBack);

        read = await Store.ReadAsync(untagged, buffer, tagBack);
        Assert.Equal(new StoredRead(true, 100, false), read);
        Assert.Equal(data[..100], buffer[..100]);

        // Too small a destination: the length is reported, nothing is copied.
        var small = new byte[50];
        read = await Store.ReadAsync(untagged, small, tagBack);
        Assert.Equal(100, read.Length);
        Assert.All(small, b => Assert.Equal(0, b));

        Assert.False((await Store.ReadAsync(BlobKey.Of(shard, Root(6), 0), buffer, tagBack)).Found);

        // Rewriting without a tag drops the old tag.
        await Store.PutAsync([new StoredReplica(tagged, data.Length, data)]);
        Assert.False((await Store.ReadAsync(tagged, buffer, tagBack)).Tagged);
    }
}
