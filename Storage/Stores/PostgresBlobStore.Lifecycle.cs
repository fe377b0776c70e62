using Npgsql;
using NpgsqlTypes;

namespace Wsc.Storage.Stores;

/// <summary>
/// Replica ages for garbage collection: storage_blob_index.stored_at is set when a row is first written and reset when
/// a directory confirms the replica; the delete re-checks it under the row lock, so a confirm racing a collection wins.
/// </summary>
public sealed partial class PostgresBlobStore
{
    private const string Keys = "unnest($1::integer[], $2::bytea[], $3::smallint[]) AS k(shard, root, replica)";

    private const string Confirm =
        "UPDATE storage_blob_index i SET stored_at = now() FROM " + Keys + ", storage_blob_data d "
        + "WHERE i.shard = k.shard AND i.root = k.root AND i.replica = k.replica "
        + "AND d.shard = i.shard AND d.root = i.root AND d.replica = i.replica AND octet_length(d.data) = i.length "
        + "RETURNING i.shard, i.root, i.replica, i.length";

    // Data-modifying CTEs run to completion whether or not the outer query reads them.
    private const string RemoveOld =
        "WITH gone AS (DELETE FROM storage_blob_index i USING " + Keys + " "
        + "WHERE i.shard = k.shard AND i.root = k.root AND i.replica = k.replica AND i.stored_at < $4 "
        + "RETURNING i.shard, i.root, i.replica), "
        + "data AS (DELETE FROM storage_blob_data d USING gone WHERE d.shard = gone.shard AND d.root = gone.root AND d.replica = gone.replica) "
        + "SELECT count(*) FROM gone";

    public async Task<int?[]> ConfirmAsync(IReadOnlyList<BlobKey> keys, CancellationToken cancellationToken = default)
    {
        var lengths = new int?[keys.Count];
        if (keys.Count == 0)
        {
            return lengths;
        }
        // A key may be asked for more than once (a file whose blobs repeat); every position gets the answer.
        var positions = new Dictionary<BlobKey, List<int>>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (!positions.TryGetValue(keys[i], out var list))
            {
                positions[keys[i]] = list = [];
            }
            list.Add(i);
        }
        await using var cmd = dataSource.CreateCommand(Confirm);
        AddKeys(cmd, keys);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = BlobKey.Of(reader.GetInt32(0), reader.GetFieldValue<byte[]>(1), reader.GetInt16(2));
            foreach (var i in positions[key])
            {
                lengths[i] = reader.GetInt32(3);
            }
        }
        return lengths;
    }

    public async Task<IReadOnlyList<BlobKey>> StoredBeforeAsync(int shard, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT root, replica FROM storage_blob_index WHERE shard = $1 AND stored_at < $2");
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = cutoff.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<BlobKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(BlobKey.Of(shard, reader.GetFieldValue<byte[]>(0), reader.GetInt16(1)));
        }
        return list;
    }

    public async Task<int> RemoveStoredBeforeAsync(IReadOnlyList<BlobKey> keys, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return 0;
        }
        await using var cmd = dataSource.CreateCommand(RemoveOld);
        AddKeys(cmd, keys);
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = cutoff.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return (int)(long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    private static void AddKeys(NpgsqlCommand cmd, IReadOnlyList<BlobKey> keys)
    {
        cmd.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = keys.Select(k => k.Shard).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = keys.Select(k => k.Root).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        cmd.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = keys.Select(k => (short)k.Replica).ToArray() });
    }
}
