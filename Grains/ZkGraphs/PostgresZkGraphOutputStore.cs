using Npgsql;
using NpgsqlTypes;
using Wsc.Grains.Interfaces.ZkGraphs;

namespace Wsc.Grains.ZkGraphs;

/// <summary>The production output store: table zkgraph_outputs (deploy/sql/30-zkgraphs.sql) via Npgsql.</summary>
public sealed class PostgresZkGraphOutputStore(NpgsqlDataSource dataSource) : IZkGraphOutputStore
{
    private const string Columns = "graph_id, block_hash, block_number, status, output, exit_code, error, cycles, input_digest, receipt_id, destinations, recorded_at";

    private const string Upsert = "INSERT INTO zkgraph_outputs (" + Columns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
        + "ON CONFLICT (graph_id, block_hash) DO UPDATE SET block_number = EXCLUDED.block_number, status = EXCLUDED.status, output = EXCLUDED.output, "
        + "exit_code = EXCLUDED.exit_code, error = EXCLUDED.error, cycles = EXCLUDED.cycles, input_digest = EXCLUDED.input_digest, "
        + "receipt_id = EXCLUDED.receipt_id, destinations = EXCLUDED.destinations, recorded_at = EXCLUDED.recorded_at";

    public async Task<IReadOnlyList<ZkGraphOutput>> FindAsync(string graphId, IReadOnlyCollection<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (hashes.Count == 0)
        {
            return [];
        }
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM zkgraph_outputs WHERE graph_id = $1 AND block_hash = ANY($2)");
        cmd.Parameters.Add(Bytes(Hash(graphId)));
        cmd.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. hashes.Select(Hash)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return await ReadAllAsync(cmd);
    }

    public async Task SaveAsync(IReadOnlyList<ZkGraphOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0)
        {
            return;
        }
        // A batch without BEGIN runs as one implicit transaction: all rows or none.
        await using var batch = new NpgsqlBatch();
        foreach (var o in outputs)
        {
            var cmd = new NpgsqlBatchCommand(Upsert);
            cmd.Parameters.Add(Bytes(Hash(o.GraphId)));
            cmd.Parameters.Add(Bytes(Hash(o.Hash)));
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)o.Number) });
            cmd.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)o.Status });
            cmd.Parameters.Add(Bytes(o.Output));
            cmd.Parameters.Add(o.ExitCode is int code ? new NpgsqlParameter<int> { TypedValue = code } : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            cmd.Parameters.Add(o.Error is string error ? new NpgsqlParameter<string> { TypedValue = error } : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = o.Cycles });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = o.InputDigest });
            cmd.Parameters.Add(o.ReceiptId is string receipt ? new NpgsqlParameter<string> { TypedValue = receipt } : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = o.Destinations, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.SpecifyKind(o.RecordedUtc, DateTimeKind.Utc), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(cmd);
        }
        await using var conn = await dataSource.OpenConnectionAsync();
        batch.Connection = conn;
        await batch.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<ZkGraphOutput>> RangeAsync(string graphId, ulong from, ulong to)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {Columns} FROM zkgraph_outputs WHERE graph_id = $1 AND block_number BETWEEN $2 AND $3 "
            + "ORDER BY block_number, (status = 2) DESC, block_hash");
        cmd.Parameters.Add(Bytes(Hash(graphId)));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)Math.Min(from, long.MaxValue) });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)Math.Min(to, long.MaxValue) });
        return await ReadAllAsync(cmd);
    }

    public async Task<int> OrphanAsync(ulong number, string hash)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE zkgraph_outputs SET status = 2 WHERE block_hash = $1 AND block_number = $2 AND status <> 2");
        cmd.Parameters.Add(Bytes(Hash(hash)));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)number) });
        return await cmd.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<ZkGraphOutput>> FinalizeAsync(string graphId, ulong through)
    {
        // status 0 -> 1 only: orphaned (2) and failed (3) rows are never touched, and a second call changes nothing.
        await using var cmd = dataSource.CreateCommand(
            $"UPDATE zkgraph_outputs SET status = 1 WHERE graph_id = $1 AND block_number <= $2 AND status = 0 RETURNING {Columns}");
        cmd.Parameters.Add(Bytes(Hash(graphId)));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)Math.Min(through, long.MaxValue) });
        return [.. (await ReadAllAsync(cmd)).OrderBy(o => o.Number).ThenBy(o => o.Hash, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ZkGraphOutput>> UndeliveredAsync(string graphId, int limit)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {Columns} FROM zkgraph_outputs WHERE graph_id = $1 AND status = 1 AND error IS NULL AND octet_length(output) > 0 "
            + "AND cardinality(destinations) = 0 ORDER BY block_number, block_hash LIMIT $2");
        cmd.Parameters.Add(Bytes(Hash(graphId)));
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAllAsync(cmd);
    }

    private static async Task<IReadOnlyList<ZkGraphOutput>> ReadAllAsync(NpgsqlCommand cmd)
    {
        var list = new List<ZkGraphOutput>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(new ZkGraphOutput(
                Hex(reader.GetFieldValue<byte[]>(0)), (ulong)reader.GetInt64(2), Hex(reader.GetFieldValue<byte[]>(1)),
                (ZkGraphOutputStatus)reader.GetInt16(3), reader.GetFieldValue<byte[]>(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetFieldValue<string[]>(10), DateTime.SpecifyKind(reader.GetDateTime(11), DateTimeKind.Utc)));
        }
        return list;
    }

    private static NpgsqlParameter<byte[]> Bytes(byte[] value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bytea };

    private static byte[] Hash(string hex) => Wsc.Chain.Hash32.Parse(hex).ToArray();

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
