using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Wsc.Storage.Stores;

/// <summary>The production blob store: tables storage_blob_index and storage_blob_data (deploy/sql/20-storage.sql) via Npgsql.</summary>
public sealed partial class PostgresBlobStore(NpgsqlDataSource dataSource) : IBlobStore
{
    // One statement per replica: the index row (kept if present) and the bytes (replaced) in the same command.
    private const string PutReplica =
        "WITH idx AS (INSERT INTO storage_blob_index (shard, root, replica, length) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING) "
        + "INSERT INTO storage_blob_data (shard, root, replica, data, tag) VALUES ($1, $2, $3, $5, $6) "
        + "ON CONFLICT (shard, root, replica) DO UPDATE SET data = EXCLUDED.data, tag = EXCLUDED.tag";

    public async Task PutAsync(IReadOnlyList<StoredReplica> replicas, CancellationToken cancellationToken = default)
    {
        if (replicas.Count == 0)
        {
            return;
        }
        // One round trip per call: a batch without an explicit transaction runs in one implicit transaction (the
        // statements up to the protocol's Sync), so all replicas commit together or none does, without BEGIN/COMMIT.
        await using var batch = new NpgsqlBatch();
        foreach (var r in replicas)
        {
            var cmd = new NpgsqlBatchCommand(PutReplica);
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = r.Key.Shard });
            cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = r.Key.Root, NpgsqlDbType = NpgsqlDbType.Bytea });
            cmd.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)r.Key.Replica });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = r.Length });
            cmd.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = r.Masked, NpgsqlDbType = NpgsqlDbType.Bytea });
            cmd.Parameters.Add(r.Tag.IsEmpty
                ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea }
                : new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = r.Tag, NpgsqlDbType = NpgsqlDbType.Bytea });
            batch.BatchCommands.Add(cmd);
        }
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        batch.Connection = conn;
        // Prepared once per pooled connection: later puts skip parsing and planning.
        await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> GetAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT data FROM storage_blob_data WHERE shard = $1 AND root = $2 AND replica = $3");
        AddKey(cmd, key);
        return await cmd.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<bool> RetagAsync(BlobKey key, ReadOnlyMemory<byte> tag, CancellationToken cancellationToken = default)
    {
        if (tag.IsEmpty)
        {
            return false;
        }
        await using var cmd = dataSource.CreateCommand(
            "UPDATE storage_blob_data SET tag = $4 WHERE shard = $1 AND root = $2 AND replica = $3");
        AddKey(cmd, key);
        cmd.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = tag, NpgsqlDbType = NpgsqlDbType.Bytea });
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<StoredRead> ReadAsync(BlobKey key, Memory<byte> destination, Memory<byte> tag, CancellationToken cancellationToken = default)
    {
        // Sequential access streams the bytes from the socket buffer straight into the caller's memory: no 128 KiB
        // array per read. octet_length() of a TOASTed value comes from its header, without reading the value.
        await using var cmd = dataSource.CreateCommand(
            "SELECT octet_length(data), data, tag FROM storage_blob_data WHERE shard = $1 AND root = $2 AND replica = $3");
        AddKey(cmd, key);
        await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return StoredRead.Missing;
        }
        var length = reader.GetInt32(0);
        if (length > destination.Length)
        {
            return new StoredRead(true, length, false);
        }
        await using (var stream = await reader.GetStreamAsync(1, cancellationToken))
        {
            await stream.ReadExactlyAsync(destination[..length], cancellationToken);
        }
        var tagged = false;
        if (!await reader.IsDBNullAsync(2, cancellationToken))
        {
            var stored = await reader.GetFieldValueAsync<byte[]>(2, cancellationToken);
            if (stored.Length == tag.Length)
            {
                stored.CopyTo(tag);
                tagged = true;
            }
        }
        return new StoredRead(true, length, tagged);
    }

    public async Task<byte[]?> GetRangeAsync(BlobKey key, int offset, int count, CancellationToken cancellationToken = default)
    {
        // substring() on an uncompressed (STORAGE EXTERNAL) value reads only the TOAST chunks it needs.
        await using var cmd = dataSource.CreateCommand(
            "SELECT substring(data FROM $4 FOR $5) FROM storage_blob_data WHERE shard = $1 AND root = $2 AND replica = $3");
        AddKey(cmd, key);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = offset + 1 });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        return await cmd.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<IReadOnlyList<IndexEntry>> IndexAsync(int shard, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT root, replica, length FROM storage_blob_index WHERE shard = $1 ORDER BY root, replica");
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<IndexEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new IndexEntry(reader.GetFieldValue<byte[]>(0), reader.GetInt16(1), reader.GetInt32(2)));
        }
        return list;
    }

    public async Task<bool> RemoveAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var table in (string[])["storage_blob_index", "storage_blob_data"])
        {
            var cmd = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE shard = $1 AND root = $2 AND replica = $3");
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = key.Shard });
            cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key.Root });
            cmd.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)key.Replica });
            batch.BatchCommands.Add(cmd);
        }
        return await batch.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static void AddKey(NpgsqlCommand cmd, BlobKey key)
    {
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = key.Shard });
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key.Root });
        cmd.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)key.Replica });
    }
}
