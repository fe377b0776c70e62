using Npgsql;
using NpgsqlTypes;

namespace Wsc.Grains.ZkGraphs.Automation;

/// <summary>The production automation store: table zkgraph_automation (deploy/sql/30-zkgraphs.sql, 31-zkgraph-automation.sql) via Npgsql.</summary>
public sealed class PostgresAutomationStore(NpgsqlDataSource dataSource) : IAutomationStore
{
    private const string Columns = "graph_id, block_number, block_hash, sender, nonce, tx_hash, raw, included_in, succeeded, replaced, included_hash, receipt_id";

    public async Task<AutomationTransaction?> FindAsync(string graphId, string blockHash)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM zkgraph_automation WHERE graph_id = $1 AND block_hash = $2");
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(graphId).ToArray()));
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(blockHash).ToArray()));
        return await ReadOneAsync(cmd);
    }

    public async Task<ulong> NextNonceAsync(string from)
    {
        await using var cmd = dataSource.CreateCommand("SELECT max(nonce) + 1 FROM zkgraph_automation WHERE sender = $1");
        cmd.Parameters.Add(Bytes(Wsc.Chain.Address.Parse(from).ToArray()));
        return await cmd.ExecuteScalarAsync() is long next ? (ulong)next : 0;
    }

    public async Task<AutomationTransaction?> AddAsync(AutomationTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        // Either unique key taken: nothing is inserted. Then the stored transaction of this output, if any, stands.
        await using var cmd = dataSource.CreateCommand(
            $"INSERT INTO zkgraph_automation ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, '{{}}', NULL, $8) ON CONFLICT DO NOTHING RETURNING {Columns}");
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(tx.GraphId).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)tx.Number) });
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(tx.BlockHash).ToArray()));
        cmd.Parameters.Add(Bytes(Wsc.Chain.Address.Parse(tx.From).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)tx.Nonce) });
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(tx.TxHash).ToArray()));
        cmd.Parameters.Add(Bytes(tx.Raw));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)tx.ReceiptId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return await ReadOneAsync(cmd) ?? await FindAsync(tx.GraphId, tx.BlockHash);
    }

    public async Task IncludedAsync(string graphId, string blockHash, string? txHash, ulong? block, bool? succeeded)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE zkgraph_automation SET included_in = $3, succeeded = $4, included_hash = $5 WHERE graph_id = $1 AND block_hash = $2");
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(graphId).ToArray()));
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(blockHash).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter { Value = block is ulong b ? checked((long)b) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = block is null ? DBNull.Value : (object?)succeeded ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = block is not null && txHash is not null ? Wsc.Chain.Hash32.Parse(txHash).ToArray() : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.Bytea,
        });
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<AutomationTransaction> ReplaceAsync(string graphId, string blockHash, string currentHash, string newHash, byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        // Conditional on the current hash: of two racing bumps one replaces, the other reads the winner back.
        await using (var cmd = dataSource.CreateCommand(
            "UPDATE zkgraph_automation SET replaced = replaced || raw, raw = $4, tx_hash = $5 WHERE graph_id = $1 AND block_hash = $2 AND tx_hash = $3"))
        {
            cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(graphId).ToArray()));
            cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(blockHash).ToArray()));
            cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(currentHash).ToArray()));
            cmd.Parameters.Add(Bytes(raw));
            cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(newHash).ToArray()));
            await cmd.ExecuteNonQueryAsync();
        }
        return await FindAsync(graphId, blockHash) ?? throw new InvalidOperationException($"no automation transaction stored for graph {graphId} block {blockHash}");
    }

    public async Task<IReadOnlyList<AutomationTransaction>> WatchedAsync(string graphId, ulong confirmedThrough, int limit)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {Columns} FROM zkgraph_automation WHERE graph_id = $1 AND (included_in IS NULL OR included_in > $2) ORDER BY block_number DESC LIMIT $3");
        cmd.Parameters.Add(Bytes(Wsc.Chain.Hash32.Parse(graphId).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)Math.Min(confirmedThrough, long.MaxValue) });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var list = new List<AutomationTransaction>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add(Read(r));
        }
        return list;
    }

    private static async Task<AutomationTransaction?> ReadOneAsync(NpgsqlCommand cmd)
    {
        await using var r = await cmd.ExecuteReaderAsync();
        return await r.ReadAsync() ? Read(r) : null;
    }

    private static AutomationTransaction Read(NpgsqlDataReader r) =>
        new(Hex(r.GetFieldValue<byte[]>(0)), (ulong)r.GetInt64(1), Hex(r.GetFieldValue<byte[]>(2)), Hex(r.GetFieldValue<byte[]>(3)),
            (ulong)r.GetInt64(4), Hex(r.GetFieldValue<byte[]>(5)), r.GetFieldValue<byte[]>(6),
            r.IsDBNull(7) ? null : (ulong)r.GetInt64(7), r.IsDBNull(8) ? null : r.GetBoolean(8))
        {
            Replaced = r.GetFieldValue<byte[][]>(9),
            IncludedHash = r.IsDBNull(10) ? null : Hex(r.GetFieldValue<byte[]>(10)),
            ReceiptId = r.IsDBNull(11) ? null : r.GetString(11),
        };

    private static NpgsqlParameter<byte[]> Bytes(byte[] value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bytea };

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
