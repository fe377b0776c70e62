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
}
