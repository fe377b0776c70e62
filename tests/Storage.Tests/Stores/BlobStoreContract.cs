using Wsc.Storage.Stores;

namespace Wsc.Storage.Tests.Stores;

/// <summary>The behaviour every blob store must have; run against memory and PostgreSQL.</summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore Store { get; }

    /// <summary>Deletes a replica's bytes behind the store's back, leaving the index entry.</summary>
    protected abstract Task LoseBytesAsync(BlobKey key);

    /// <summary>Makes a replica look stored <paramref name="age"/> earlier, behind the store's back.</summary>
    protected abstract Task BackdateAsync(BlobKey key, TimeSpan age);

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
    public async Task Confirm_reports_lengths_of_complete_replicas_only_and_makes_them_young()
    {
        var shard = Random.Shared.Next(1000, 100000);
        var whole = BlobKey.Of(shard, Root(5), 0);
        var bytesLost = BlobKey.Of(shard, Root(6), 0);
        var never = BlobKey.Of(shard, Root(7), 1);
        await Store.PutAsync([new StoredReplica(whole, 64, Data(64, 5)), new StoredReplica(bytesLost, 64, Data(64, 6))]);
        await LoseBytesAsync(bytesLost);
        await BackdateAsync(whole, TimeSpan.FromHours(2));
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
        Assert.Equal([whole], await Store.StoredBeforeAsync(shard, cutoff));

        Assert.Equal([64, null, null, 64], await Store.ConfirmAsync([whole, bytesLost, never, whole]));
        // Confirmed = young again: no longer a collection candidate, and a remove-if-old leaves it.
        Assert.Empty(await Store.StoredBeforeAsync(shard, cutoff));
        Assert.Equal(0, await Store.RemoveStoredBeforeAsync([whole], cutoff));
        Assert.NotNull(await Store.GetAsync(whole));
    }

    [Fact]
    public async Task Remove_stored_before_drops_old_replicas_index_and_bytes_and_spares_young_ones()
    {
        var shard = Random.Shared.Next(1000, 100000);
        var old = BlobKey.Of(shard, Root(8), 0);
        var young = BlobKey.Of(shard, Root(9), 1);
        await Store.PutAsync([new StoredReplica(old, 32, Data(32, 8)), new StoredReplica(young, 32, Data(32, 9))]);
        await BackdateAsync(old, TimeSpan.FromHours(3));
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
        Assert.Equal(1, await Store.RemoveStoredBeforeAsync([old, young], cutoff));
        Assert.Null(await Store.GetAsync(old));
        Assert.NotNull(await Store.GetAsync(young));
        Assert.Equal([(9, 1)], (await Store.IndexAsync(shard)).Select(e => ((int)e.Root[0], e.Replica)).ToList());
        Assert.Equal(0, await Store.RemoveStoredBeforeAsync([old], cutoff));
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

    [Fact]
    public async Task Retag_replaces_the_tag_of_a_stored_replica_only()
    {
        var shard = Random.Shared.Next(1000, 100000);
        var key = BlobKey.Of(shard, Root(7), 0);
        var data = Data(4096, 7);
        await Store.PutAsync([new StoredReplica(key, data.Length, data)]);
        var buffer = new byte[4096];
        var tagBack = new byte[16];
        Assert.False((await Store.ReadAsync(key, buffer, tagBack)).Tagged);

        var tag = Data(16, 8);
        Assert.True(await Store.RetagAsync(key, tag));
        var read = await Store.ReadAsync(key, buffer, tagBack);
        Assert.Equal(new StoredRead(true, 4096, true), read);
        Assert.Equal(tag, tagBack);
        Assert.Equal(data, buffer);

        var newer = Data(16, 9);
        Assert.True(await Store.RetagAsync(key, newer));
        await Store.ReadAsync(key, buffer, tagBack);
        Assert.Equal(newer, tagBack);

        // No replica there (never stored, or its bytes lost): nothing is written, and an empty tag is not a tag.
        var missing = BlobKey.Of(shard, Root(8), 0);
        Assert.False(await Store.RetagAsync(missing, tag));
        Assert.False((await Store.ReadAsync(missing, buffer, tagBack)).Found);
        Assert.DoesNotContain(await Store.IndexAsync(shard), e => e.Root.AsSpan().SequenceEqual(Root(8)));
        await LoseBytesAsync(key);
        Assert.False(await Store.RetagAsync(key, tag));
        Assert.False(await Store.RetagAsync(BlobKey.Of(shard, Root(7), 1), ReadOnlyMemory<byte>.Empty));
    }
}
