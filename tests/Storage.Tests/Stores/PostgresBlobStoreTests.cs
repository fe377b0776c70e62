using Wsc.Storage.Stores;

namespace Wsc.Storage.Tests.Stores;

public sealed class PostgresBlobStoreTests(PostgresFixture db) : BlobStoreContract, IClassFixture<PostgresFixture>
{
    private readonly PostgresBlobStore _store = new(db.DataSource);

    protected override IBlobStore Store => _store;

    protected override async Task LoseBytesAsync(BlobKey key)
    {
        // Behind the cluster's back: plain SQL, as an operator or a failed disk would.
        await using var cmd = db.DataSource.CreateCommand("DELETE FROM storage_blob_data WHERE shard = $1 AND root = $2 AND replica = $3");
        cmd.Parameters.AddWithValue(key.Shard);
        cmd.Parameters.AddWithValue(key.Root);
        cmd.Parameters.AddWithValue((short)key.Replica);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    protected override async Task BackdateAsync(BlobKey key, TimeSpan age)
    {
        await using var cmd = db.DataSource.CreateCommand("UPDATE storage_blob_index SET stored_at = stored_at - $4 WHERE shard = $1 AND root = $2 AND replica = $3");
        cmd.Parameters.AddWithValue(key.Shard);
        cmd.Parameters.AddWithValue(key.Root);
        cmd.Parameters.AddWithValue((short)key.Replica);
        cmd.Parameters.AddWithValue(age);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Schema_is_idempotent()
    {
        await StorageSchema.ApplyAsync(db.DataSource);
        Assert.Empty(await Store.IndexAsync(-1));
        Assert.Contains("storage_blob_index", StorageSchema.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_commits_all_replicas_or_none()
    {
        var shard = Random.Shared.Next(1000, 100000);
        var good = new StoredReplica(BlobKey.Of(shard, new byte[32], 0), 64, new byte[64]);
        // The index's CHECK refuses the length: the whole batch, including the good replica before it, rolls back.
        var bad = new StoredReplica(BlobKey.Of(shard, new byte[32], 1), 200000, new byte[64]);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _store.PutAsync([good, bad]));
        Assert.Empty(await Store.IndexAsync(shard));
        Assert.Null(await Store.GetAsync(good.Key));
    }
}
